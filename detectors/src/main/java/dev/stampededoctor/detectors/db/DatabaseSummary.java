package dev.stampededoctor.detectors.db;

import java.util.List;

/**
 * What the PostgreSQL samples showed: how many were taken, every how many ms, what limited the
 * view, and bursts of identical queries no cache event explains.
 */
public record DatabaseSummary(String source, int samples, double intervalMs, List<String> notes, List<DbBurst> bursts) {
}
