package io.bkm.alarm.strategy;

/**
 * bk-monitor's {@code PingUnreachable} over {@code pingserver.base.loss_percent}: every packet lost
 * (the ratio, 0 to 1, at least 1).
 */
public final class PingUnreachable implements Detector {
    public static final String TYPE = "PingUnreachable";

    @Override
    public boolean holds(DetectWindow w) {
        return w.value() >= 1;
    }

    @Override
    public String describe(DetectWindow w) {
        return "Ping unreachable";
    }
}
