package io.bkm.alarm.job.config;

import io.bkm.alarm.common.Secret;
import java.io.Serializable;

/**
 * Where BlueKing CMDB's HTTP API is and who we are ({@code cmdb.api.*}); {@code style} esb or apigw
 * picks the paths.
 */
public record CmdbApiSettings(
        String baseUrl,
        String style,
        String appCode,
        Secret appSecret,
        String username,
        String supplierAccount,
        long timeoutMs)
        implements Serializable {

    /** The URL of one API call, by its ESB name or its API gateway path. */
    public String path(String esbName, String apigwPath) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return "apigw".equals(style) ? base + apigwPath : base + "/" + esbName + "/";
    }
}
