package io.bkm.alarm.apm;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A discovered entity as others read it: its document (its id, the identity's fields, its
 * application, first and last sighting), under an id that is a hash of the identity, and its
 * changelog record on {@code bkm_apm_discover}. Rendered once per change, for both.
 */
public final class DiscoveryDocuments {
    private DiscoveryDocuments() {}

    /** The document id: one per entity of one application, the same in every run. */
    public static String id(DiscoveryChange c) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            byte[] h =
                    md.digest(
                            (c.type + '\u0000' + c.bkBizId + '\u0000' + c.appName + '\u0000'
                                            + c.key)
                                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The change with its id and its whole document. */
    public static DiscoveryChange render(DiscoveryChange c) {
        c.id = id(c);
        if (c.doc == null) {
            return c;
        }
        try {
            ObjectNode d = (ObjectNode) Json.MAPPER.readTree(c.doc);
            d.put("id", c.id);
            d.put("bk_biz_id", c.bkBizId);
            d.put("app_name", c.appName);
            d.put("first_seen", c.firstSeen);
            d.put("last_seen", c.lastSeen);
            c.doc = Json.write(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an entity's identity is not JSON: " + c.doc, e);
        }
        return c;
    }

    /** The changelog record: {@code {op, type, bk_biz_id, app_name, id, doc, reason}}. */
    public static byte[] changelog(DiscoveryChange c) {
        return Json.writeBytes(new Record(c));
    }

    /** What the changelog carries of a change; the document as it was rendered. */
    static final class Record {
        public final String op;
        public final String type;
        public final String bkBizId;
        public final String appName;
        public final String id;
        @JsonRawValue public final String doc;
        public final String reason;

        Record(DiscoveryChange c) {
            op = c.op;
            type = c.type;
            bkBizId = c.bkBizId;
            appName = c.appName;
            id = c.id;
            doc = c.doc;
            reason = c.reason;
        }
    }
}
