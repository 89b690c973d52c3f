package dev.zhijia.door;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.doors")
public interface DoorConfig {

    /** {@code mqtt://host:1883} or {@code mqtts://host:8883} (TLS). */
    @WithDefault("mqtt://127.0.0.1:1883")
    String brokerUrl();

    /** The service's own broker account (each door logs in as its door id with its device secret). */
    Optional<String> brokerUsername();

    Optional<String> brokerPassword();

    /** PEM file of the CA that signed the broker's certificate (mqtts); the JVM's trust store otherwise. */
    Optional<String> brokerCa();

    /** Topics are {@code <prefix>/<doorId>/commands|events|status}. */
    @WithDefault("zhijia/doors")
    String topicPrefix();

    /** The shared-subscription group of the replicas: each heartbeat reaches one replica, not all. */
    @WithDefault("zhijia")
    String shareGroup();

    /** AES-256 key (base64 of 32 bytes) the device secrets are stored encrypted with: from a Secret. */
    String secretKey();

    /** Names {@link #secretKey()} in each row, so the key can be rotated. */
    @WithDefault("k1")
    String secretKeyId();

    /** The key being retired and its id: rows it encrypted still decrypt. */
    Optional<String> previousSecretKey();

    Optional<String> previousSecretKeyId();

    /** How long a scan waits for the door's answer before it is DOOR_OFFLINE. */
    @WithDefault("3s")
    Duration answerWithin();

    /** How long an open command is valid; a door refuses it after that (a replay opens nothing). */
    @WithDefault("3s")
    Duration commandTtl();

    /** A door is online when a heartbeat arrived this recently. */
    @WithDefault("60s")
    Duration onlineWithin();

    /** Scans a member may make per minute (any door). */
    @WithDefault("10")
    int scansPerMinute();

    /** MQTT keep-alive: how soon a silently dead broker connection is noticed. */
    @WithDefault("10s")
    Duration keepAlive();
}
