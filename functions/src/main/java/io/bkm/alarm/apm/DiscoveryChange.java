package io.bkm.alarm.apm;

/**
 * A change of a discovered entity, as {@code bkm_apm_discover} carries it and the entity's index is
 * written from it: created, touched ({@code updated}, its last sighting moved on) or expired.
 */
public class DiscoveryChange {
    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
    public static final String EXPIRED = "expired";

    public String op;
    public String type;
    public String bkBizId;
    public String appName;
    public String key;

    /** The entity's document id, from {@link DiscoveryDocuments#id}; set when it is rendered. */
    public String id;

    /**
     * The identity's fields as JSON; once rendered ({@link DiscoveryDocuments#render}), the whole
     * document. Null for an entity evicted for the cap.
     */
    public String doc;

    public long firstSeen;
    public long lastSeen;

    /** Why an entity expired: {@link #RETENTION} or {@link #CAP}; null for other changes. */
    public String reason;

    public static final String RETENTION = "retention";
    public static final String CAP = "cap";

    public DiscoveryChange() {}
}
