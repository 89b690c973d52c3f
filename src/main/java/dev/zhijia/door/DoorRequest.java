package dev.zhijia.door;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A new door: its name as the station's staff call it (正门, 侧门). */
@RegisterForReflection
public record DoorRequest(@NotBlank @Size(max = 50) String name) {}
