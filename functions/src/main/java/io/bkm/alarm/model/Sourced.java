package io.bkm.alarm.model;

/** A record that remembers which input message it came from, for dead letters further on. */
public interface Sourced {
    void setSource(String topic, int partition, long offset);
}
