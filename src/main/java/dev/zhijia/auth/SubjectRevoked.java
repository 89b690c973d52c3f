package dev.zhijia.auth;

/**
 * Fired on every replica once it learns that the tokens of {@code subject} ({@code member:<id>} or
 * {@code staff:<id>}) issued before now are void: whatever holds on to such a token (a live socket) lets go.
 */
public record SubjectRevoked(String subject) {}
