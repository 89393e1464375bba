package io.bkm.alarm.model;

/** One entry of an alert's {@code dimensions} (behaviour spec §3.3). */
public class AlertDimension {
    public String key;
    public String value;
    public String displayKey;
    public String displayValue;

    public AlertDimension() {}

    public AlertDimension(String key, String value, String displayKey, String displayValue) {
        this.key = key;
        this.value = value;
        this.displayKey = displayKey;
        this.displayValue = displayValue;
    }
}
