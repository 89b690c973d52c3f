package dev.zhijia.door;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What the member's phone read off the door: {@code zjdoor:<doorId>:<window>:<hmac>}. */
@RegisterForReflection
public record EntryRequest(@NotNull @Size(max = 200) String qr) {}
