package dev.zhijia.booking;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A time slot of a service with a number of seats. */
@Entity
@Table(name = "booking_slot")
public class Slot extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "service_id")
    public long serviceId;

    @Column(name = "starts_at")
    public Instant startsAt;

    @Column(name = "ends_at")
    public Instant endsAt;

    public int capacity;

    /** Seats taken: changed only by guarded UPDATEs (BookingStore). */
    public int booked;

    @Column(name = "no_shows_marked_at")
    public Instant noShowsMarkedAt;
}
