package io.bkm.alarm.strategy;

/**
 * bk-monitor's {@code ProcPort} over {@code system.proc_port.proc_exists}: the process is missing
 * ({@code proc_exists != 1}), or some of its ports do not listen ({@code nonlisten}), or listen on
 * another IP than the CMDB's ({@code not_accurate_listen}); any one is the anomaly.
 */
public final class ProcPort implements Detector {
    public static final String TYPE = "ProcPort";

    @Override
    public boolean holds(DetectWindow w) {
        return describe(w) != null;
    }

    @Override
    public String describe(DetectWindow w) {
        String name = w.dimension("display_name");
        if ((int) w.value() != 1) {
            return "Process (" + name + ") does not exist";
        }
        if (listed(w.dimension("nonlisten"))) {
            return "Process ("
                    + name
                    + ") exists, port ("
                    + w.dimension("nonlisten")
                    + ") does not";
        }
        if (listed(w.dimension("not_accurate_listen"))) {
            return "Process ("
                    + name
                    + ") and listening port ("
                    + w.dimension("not_accurate_listen")
                    + ") exist, but the listening IP differs from the CMDB's ("
                    + w.dimension("bind_ip")
                    + ")";
        }
        return null;
    }

    /** bk-monitor's test: present and neither {@code []} nor {@code null}. */
    private static boolean listed(String ports) {
        return ports != null && !ports.equals("[]") && !ports.equals("null");
    }
}
