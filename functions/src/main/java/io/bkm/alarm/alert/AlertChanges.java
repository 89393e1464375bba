package io.bkm.alarm.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertSummary;
import io.bkm.alarm.model.json.DocumentJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Alert versions as they leave the alert state: the document rendered once, and what decides. */
public final class AlertChanges {
    private AlertChanges() {}

    /** The alert as it is now; later changes of the alert do not show in what this returns. */
    public static AlertChange of(Alert a) {
        return of(a, new DocumentJson());
    }

    /** As {@link #of(Alert)}, rendered by the caller's {@code json}. */
    static AlertChange of(Alert a, DocumentJson json) {
        AlertChange c = new AlertChange();
        c.alert = AlertSummary.of(a);
        c.createTime = a.createTime == null ? 0 : a.createTime;
        Long updated = a.updateTime == null ? a.latestTime : a.updateTime;
        c.updateTime = updated == null ? c.createTime : updated;
        c.version = a.version == null ? 0 : a.version;
        c.eventCount = a.eventCount == null ? 0 : a.eventCount;
        c.created = a.created;
        c.blocked = Boolean.TRUE.equals(a.isBlocked);
        c.recovering = a.recovering;
        c.noData = a.isNoData();
        c.shielded = Boolean.TRUE.equals(a.isShielded);
        c.flapping = Boolean.TRUE.equals(a.isFlapping);
        c.qosKey = AlertQosFunction.key(a);
        c.document = json.alert(a);
        return c;
    }

    /**
     * The version {@code c} of {@code a}, not yet sent, is the change with which its fingerprint
     * started flapping: rendered again with it, and calling for the flapping notice.
     */
    static void flapStarted(AlertChange c, Alert a, DocumentJson json) {
        c.flapping = true;
        c.flapNotice = Action.FLAPPING;
        c.document = json.alert(a);
    }

    /** Marks the change blocked by alert QoS, in its document too. */
    static void block(AlertChange c) {
        if (c.blocked) {
            return;
        }
        c.blocked = true;
        if (c.document != null) {
            try {
                ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(c.document);
                doc.put("is_blocked", true);
                c.document = Json.writeBytes(doc);
            } catch (IOException e) {
                throw new UncheckedIOException("an alert document the job wrote is not JSON", e);
            }
        }
    }
}
