package io.bkm.alarm.job.it;

import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.TaskInfo;

/**
 * What {@link FailingSink} and {@link InjectedFailure} threw in a test's run, each with when: a
 * test that asserts how many failures came also says which, so that a run short of one shows which
 * one it missed. Static because the throwers are rebuilt from their serialized form after every
 * restart (MiniCluster: same JVM).
 */
public final class InjectedFailures {
    private static final ConcurrentLinkedQueue<String> THROWN = new ConcurrentLinkedQueue<>();

    private InjectedFailures() {}

    /** Forgets the failures of earlier runs; call before the run that injects them. */
    public static void clear() {
        THROWN.clear();
    }

    /**
     * Notes a failure about to be thrown in {@code task} of the operator or writer {@code label},
     * and returns its message.
     */
    static String thrown(String label, TaskInfo task, String what) {
        String message =
                "injected failure in "
                        + label
                        + " "
                        + (task.getIndexOfThisSubtask() + 1)
                        + "/"
                        + task.getNumberOfParallelSubtasks()
                        + " attempt "
                        + task.getAttemptNumber()
                        + " "
                        + what;
        THROWN.add(LocalTime.now() + " " + message);
        return message;
    }

    /** The failures thrown since {@link #clear()}, in the order they were thrown. */
    public static List<String> all() {
        return List.copyOf(THROWN);
    }
}
