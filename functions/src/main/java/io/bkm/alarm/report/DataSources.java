package io.bkm.alarm.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.common.JsonFields;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** Report data sources: the shipped list in {@code conf/} and {@code datasource:{id}} records. */
public final class DataSources {
    public static final String CONFIG_KEY_PREFIX = "datasource:";

    /** Broadcast state of data sources from {@code bkm_config}; name is part of savepoints. */
    public static final MapStateDescriptor<Long, DataSource> STATE =
            new MapStateDescriptor<>(
                    "datasources", Types.LONG, TypeInformation.of(DataSource.class));

    private DataSources() {}

    /** A JSON list of data source objects, as in {@code conf/datasources.json}. */
    public static List<DataSource> load(Path file) throws IOException {
        JsonNode list = Json.MAPPER.readTree(file.toFile());
        if (!list.isArray()) {
            throw new IOException(file + " must hold a JSON list of data sources");
        }
        List<DataSource> out = new ArrayList<>();
        for (JsonNode n : list) {
            try {
                out.add(parse(n, null));
            } catch (InvalidInputException e) {
                throw new IOException(file + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * One data source object, {@code {data_id, access_token, kind, bk_biz_id, name}} and, for time
     * series, an optional {@code metric_prefix}.
     *
     * @param expectedId the id in the config record's key, or null
     */
    public static DataSource parse(JsonNode n, Long expectedId) throws InvalidInputException {
        JsonFields.requireObject(n, "a data source");
        JsonNode id = n.get("data_id");
        if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() <= 0) {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE, "data_id must be a positive integer");
        }
        if (expectedId != null && id.longValue() != expectedId) {
            throw new InvalidInputException(
                    Reasons.INVALID_VALUE,
                    "data_id " + id.longValue() + " does not match the key's " + expectedId);
        }
        JsonNode token = n.get("access_token");
        if (token == null || !token.isTextual() || token.textValue().length() < 8) {
            throw new InvalidInputException(
                    Reasons.INVALID_VALUE,
                    "access_token must be a string of at least 8 characters");
        }
        String kind = n.path("kind").asText("");
        if (!kind.equals(DataSource.KIND_EVENT) && !kind.equals(DataSource.KIND_TIME_SERIES)) {
            throw new InvalidInputException(
                    Reasons.INVALID_VALUE, "kind must be event or time_series");
        }
        JsonNode biz = n.get("bk_biz_id");
        if (biz == null || !(biz.isIntegralNumber() || biz.isTextual())) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, "bk_biz_id is required");
        }
        DataSource ds =
                new DataSource(
                        id.longValue(),
                        token.textValue(),
                        kind,
                        biz.asText(),
                        n.path("name").asText(""));
        JsonNode prefix = n.get("metric_prefix");
        if (prefix != null && !prefix.isNull()) {
            if (!prefix.isTextual()
                    || !prefix.textValue().matches("[A-Za-z0-9_]+(\\.[A-Za-z0-9_\\-]+)*")) {
                throw new InvalidInputException(
                        Reasons.INVALID_VALUE,
                        "metric_prefix must be dotted words, e.g. bk_monitor");
            }
            ds.metricPrefix = prefix.textValue();
        }
        return ds;
    }
}
