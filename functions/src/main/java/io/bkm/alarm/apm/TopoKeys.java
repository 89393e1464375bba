package io.bkm.alarm.apm;

/** The key strings bk-monitor names topology entities by (spec §2, "Keys"). */
public final class TopoKeys {
    static final String UNKNOWN_COMPONENT = "unknown.service-component";

    /** The attributes whose first existing one gives a span's category kind (spec §2). */
    private static final String[] CATEGORY_KIND_KEYS = {
        "db.system", "messaging.system", "rpc.system", "http.method", "messaging.destination"
    };

    private static final String[] CATEGORY_KIND_PATHS = {
        "attributes.db.system",
        "attributes.messaging.system",
        "attributes.rpc.system",
        "attributes.http.method",
        "attributes.messaging.destination"
    };

    private TopoKeys() {}

    /** {@code service.name} as text, {@code ""} when missing. */
    public static String service(Span span) {
        String s = span.text("resource.service.name");
        return s == null ? "" : s;
    }

    /** {@code "{service}-{predicate value}"}, e.g. {@code order-svc-mysql}. */
    public static String componentNode(Span span, DiscoverRule component) {
        String v = span.text(component.predicateKey);
        return service(span) + "-" + (v == null || v.isEmpty() ? UNKNOWN_COMPONENT : v);
    }

    /** {@code "{category}:{peer.service}"}, e.g. {@code rpc:payment-gateway}. */
    public static String remoteService(String category, String peerService) {
        return category + ":" + peerService;
    }

    /** The peer service when present, else null. */
    public static String peerService(Span span) {
        return span.present("attributes.peer.service")
                ? span.text("attributes.peer.service")
                : null;
    }

    /** The rule's instance-key values, missing ones empty, joined with {@code :}. */
    public static String componentInstance(Span span, DiscoverRule rule) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rule.instanceKey.length; i++) {
            if (i > 0) {
                b.append(':');
            }
            String v = span.text(rule.instanceKey[i]);
            b.append(v == null ? "" : v);
        }
        return b.toString();
    }

    /**
     * The first of the category-kind attributes that exists, even empty, as {key, value}; {@code
     * {"", ""}} when none does.
     */
    public static String[] categoryKind(Span span) {
        for (int i = 0; i < CATEGORY_KIND_KEYS.length; i++) {
            SpanField f = span.field(CATEGORY_KIND_PATHS[i]);
            if (f != null) {
                return new String[] {CATEGORY_KIND_KEYS[i], f.text};
            }
        }
        return new String[] {"", ""};
    }
}
