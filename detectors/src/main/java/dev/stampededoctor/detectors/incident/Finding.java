package dev.stampededoctor.detectors.incident;

import dev.stampededoctor.detectors.report.CacheEvent;

/** One event as the report shows it, with the facts its incident is made from. */
public record Finding(CacheEvent event, EventFacts facts) {

    public Finding withEvent(CacheEvent changed) {
        return new Finding(changed, facts);
    }
}
