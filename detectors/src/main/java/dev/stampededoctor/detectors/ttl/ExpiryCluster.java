package dev.stampededoctor.detectors.ttl;

/**
 * Keys of one pattern expiring together: {@code keys} of them (a {@code share} of the pattern's
 * keys with a TTL) between {@code startsInMs} and {@code endsInMs} from the end of the scan,
 * {@code startsAt} in epoch seconds; {@code peakKeys} expire within one {@code windowMs}.
 */
public record ExpiryCluster(long startsInMs, long endsInMs, double startsAt, int keys, double share, int peakKeys,
        long windowMs) {
}
