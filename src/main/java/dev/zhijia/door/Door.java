package dev.zhijia.door;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A door of a station: a device on the MQTT broker that opens to a member's scan. */
@Entity
@Table(name = "door")
public class Door extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "station_id")
    public long stationId;

    public String name;

    /** The device secret, AES-GCM sealed ({@link DoorSecrets}); never leaves the service after creation. */
    @Column(name = "secret_enc")
    public byte[] secretEnc;

    @Column(name = "key_id")
    public String keyId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
}
