package io.bkm.alarm.job;

import io.bkm.alarm.alert.AlertQosFunction;
import io.bkm.alarm.common.KeyedWithConfig;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.notice.ActionQosFunction;
import io.bkm.alarm.notice.NoticeConvergeFunction;
import io.bkm.alarm.notice.NoticeFunction;
import io.bkm.alarm.notice.NoticeOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** The last stage of {@link AlarmJob}: notices of the alert versions that passed alert QoS. */
final class NoticeStages {
    private NoticeStages() {}

    /**
     * Every alert version → its signal → notice actions, repeated on timers, limited per
     * fingerprint, converged per receivers; with the flow-control logs of QoS and convergence.
     */
    static void define(
            SingleOutputStreamOperator<AlertChange> alerts,
            Inputs in,
            Outputs outputs,
            JobSettings s) {
        // Notices decide on a few fields and never write the document, so it does not travel
        // to them.
        KeyedStream<AlertChange, String> changes =
                alerts.map(AlertChange::withoutDocument, TypeInformation.of(AlertChange.class))
                        .uid(Uids.NOTICE_INPUT)
                        .name("alert changes to notices")
                        .keyBy(NoticeFunction::key, Types.STRING);
        SingleOutputStreamOperator<Action> allowed =
                KeyedWithConfig.transform(
                                changes,
                                in.config(),
                                new NoticeOperator(
                                        new NoticeFunction(
                                                s.input().strategies(),
                                                s.notice().defaultNotice(),
                                                s.input().maxMessageBytes(),
                                                s.notice().heldAlerts())),
                                Action.class,
                                "notices")
                        .uid(Uids.NOTICE)
                        .keyBy(ActionQosFunction::key, Types.STRING)
                        .process(
                                new ActionQosFunction(
                                        s.notice().actionQosLimit(),
                                        s.notice().actionQosWindowSeconds()),
                                TypeInformation.of(Action.class))
                        .uid(Uids.ACTION_QOS)
                        .name("action QoS");
        // Notices to the same people: the first ones of a window at once, the rest summed up.
        SingleOutputStreamOperator<Action> actions = GraphSteps.converge(allowed, s);
        actions.union(actions.getSideOutput(NoticeConvergeFunction.CONVERGED))
                .sinkTo(outputs.actionIndex())
                .uid(Uids.SINK_ACTION_ES)
                .name("actions to Elasticsearch");
        actions.sinkTo(outputs.actionTopic()).uid(Uids.SINK_ACTION_KAFKA).name("actions to Kafka");
        alerts.getSideOutput(AlertQosFunction.LOGS)
                .union(
                        allowed.getSideOutput(ActionQosFunction.LOGS),
                        actions.getSideOutput(NoticeConvergeFunction.LOGS))
                .sinkTo(outputs.alertLogIndex())
                .uid(Uids.SINK_FLOW_CONTROL_LOG_ES)
                .name("flow-control logs to Elasticsearch");
    }
}
