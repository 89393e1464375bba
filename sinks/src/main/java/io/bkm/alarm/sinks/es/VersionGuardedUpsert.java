package io.bkm.alarm.sinks.es;

import java.util.Collections;
import java.util.Map;
import org.elasticsearch.action.update.UpdateRequest;
import org.elasticsearch.script.Script;
import org.elasticsearch.script.ScriptType;

/**
 * An upsert that never lets an older version of a document overwrite a newer one.
 *
 * <p>The sink is at-least-once: after a restart it may send versions that Elasticsearch already
 * holds, or hold back a newer one until later. Comparing {@code version} on the server makes the
 * end state the same in every case, and a stale write is a no-op rather than a conflict, so it
 * never fails the bulk request.
 */
public final class VersionGuardedUpsert {
    static final String SCRIPT =
            "if (ctx._source.version == null || params.doc.version > ctx._source.version) {"
                    + " ctx._source.clear(); ctx._source.putAll(params.doc);"
                    + " } else { ctx.op = 'noop'; }";

    private VersionGuardedUpsert() {}

    public static UpdateRequest request(String index, String id, Map<String, Object> doc) {
        return new UpdateRequest(index, id)
                .script(
                        new Script(
                                ScriptType.INLINE,
                                "painless",
                                SCRIPT,
                                Collections.singletonMap("doc", doc)))
                .scriptedUpsert(true)
                .upsert(Collections.emptyMap())
                .retryOnConflict(5);
    }
}
