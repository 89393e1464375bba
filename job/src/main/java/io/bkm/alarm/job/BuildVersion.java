package io.bkm.alarm.job;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of the build in this jar, as the build wrote it into the jar. */
public final class BuildVersion {
    private BuildVersion() {}

    public static String get() {
        Properties p = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream("/bkm-alarm.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
