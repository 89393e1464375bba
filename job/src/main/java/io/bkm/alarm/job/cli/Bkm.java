package io.bkm.alarm.job.cli;

import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import java.io.PrintStream;

/**
 * {@code bkm}: what an SRE does to the running job and its outputs, reading the job's own {@code
 * conf/job.yaml} and {@code --key value} overrides. Exits 0 on success, 1 with one line on stderr
 * when something can be acted on, 2 on a usage error.
 */
public final class Bkm {
    static final String USAGE =
            """
usage: bkm COMMAND [options] [--config conf/job.yaml] [--section.key value ...]
  alerts [--status S] [--biz N] [--strategy N] [--since 1d] [--limit 200] [--json]
  ack ID [--reason R] [--operator O] [--timeout 60s]
  unack ID [--operator O] [--timeout 60s]
  close ID [--reason R] [--operator O] [--timeout 60s]
  strategy put FILE | strategy list | strategy delete ID
  shield add --biz N [--strategy N ...] [--dimension k=v ...] [--from now] --to T
             [--daily HH:MM-HH:MM] [--id N] [--description D]
  shield list | shield end ID
  dead-letters [--since 1h] [--reason R]
  savepoint inspect PATH [--open] [--json]
  bootstrap --from-es URL [--index bkfta_alert_*] [--event-index bkfta_event_*] --out SAVEPOINT
times (T): now, +2h, -10m, epoch seconds, or YYYY-MM-DD HH:MM[:SS] in alert.shield-time-zone""";

    private Bkm() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CliArgs a;
        try {
            a = CliArgs.parse(args);
        } catch (CliException e) {
            err.println("bkm: " + e.getMessage());
            return 2;
        }
        if (a.words.isEmpty() || a.words.get(0).equals("help")) {
            (a.words.isEmpty() ? err : out).println(USAGE);
            return a.words.isEmpty() ? 2 : 0;
        }
        try {
            JobSettings s =
                    JobSettings.from(JobConfig.fromArgs(a.configArgs.toArray(new String[0])));
            Services svc = new Services(s);
            String command = a.words.get(0);
            switch (command) {
                case "alerts" -> AlertsCommand.run(a, svc, out);
                case "ack", "unack", "close" -> AlertOpCommand.run(command, a, svc, out);
                case "strategy" -> StrategyCommand.run(a, svc, out);
                case "shield" -> ShieldCommand.run(a, svc, out);
                case "dead-letters" -> DeadLettersCommand.run(a, svc, out);
                case "savepoint" -> SavepointCommand.run(a, out);
                case "bootstrap" -> BootstrapCommand.run(a, svc, out);
                default -> {
                    err.println("bkm: no command " + command + "\n" + USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (JobConfig.ConfigException e) {
            err.println("bkm: configuration error: " + e.getMessage());
            return 2;
        } catch (CliException e) {
            err.println("bkm: " + e.getMessage());
            return 1;
        }
    }
}
