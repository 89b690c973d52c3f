package dev.zhijia.door;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What the member's phone read off the door: {@code zjdoor:<doorId>:<window>:<hmac>}. */
public record EntryRequest(@NotNull @Size(max = 200) String qr) {}
