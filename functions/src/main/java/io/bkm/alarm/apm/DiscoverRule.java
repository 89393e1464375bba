package io.bkm.alarm.apm;

/**
 * One of bk-monitor's topology discovery rules ({@code ApmTopoDiscoverRule}, spec §2): a category
 * rule says what kind of service or component a span belongs to; system, platform and SDK rules say
 * what runs the service.
 */
public class DiscoverRule implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public static final String CATEGORY = "category";
    public static final String SYSTEM = "system";
    public static final String PLATFORM = "platform";
    public static final String SDK = "sdk";

    public static final String SERVICE = "service";
    public static final String COMPONENT = "component";
    public static final String OTHER = "other";

    /** {@link #CATEGORY}, {@link #SYSTEM}, {@link #PLATFORM} or {@link #SDK}. */
    public String type;

    /** The category ({@code db}, {@code http}, …), system, platform or SDK name. */
    public String categoryId;

    /** {@link #SERVICE} or {@link #COMPONENT}; category rules only. */
    public String topoKind;

    /** Comma-separated paths that must all be present; {@code ""} never matches. */
    public String predicateKey;

    public String[] instanceKey = new String[0];
    public String endpointKey = "span_name";
    public int sort;

    public DiscoverRule() {}

    public boolean isOther() {
        return OTHER.equals(categoryId);
    }

    public boolean isComponent() {
        return COMPONENT.equals(topoKind);
    }
}
