package dev.zhijia.door;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A new door: its name as the station's staff call it (正门, 侧门). */
public record DoorRequest(@NotBlank @Size(max = 50) String name) {}
