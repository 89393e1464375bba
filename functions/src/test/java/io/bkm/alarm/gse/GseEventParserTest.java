package io.bkm.alarm.gse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.Tag;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GseEventParserTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** 2024-05-29 02:35:00 UTC: a few minutes after the examples' event times. */
    static final long NOW = 1716950100L;

    private final GseEventParser parser = new GseEventParser(GseEventParser.Settings.defaults());

    static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s);
    }

    static String envelope(String extra) {
        return "{\"server\":\"10.0.0.11\",\"time\":\"2024-05-29 10:33:53\",\"timezone\":8,"
                + "\"utctime2\":\"2024-05-29 02:33:53\",\"value\":[{\"event_raw_id\":7801,"
                + "\"event_type\":\"gse_basic_alarm_type\",\"event_time\":\"2024-05-29 10:33:53\","
                + "\"event_title\":\"\",\"event_desc\":\"\",\"event_source_system\":\"\",\"extra\":"
                + extra
                + "}]}";
    }

    private ParseResult<GseRecord> system(String msg) throws Exception {
        return parser.parseSystemEvent(json(msg), NOW);
    }

    private static List<String> dims(Tag[] tags) {
        return tags == null
                ? List.of()
                : Arrays.stream(tags).map(t -> t.key + "=" + t.value).toList();
    }

    @Test
    void agentLostGivesOneRecordPerHostWithItsAgentVersion() throws Exception {
        ParseResult<GseRecord> r =
                system(
                        envelope(
                                "{\"type\":2,\"count\":2,\"host\":[{\"bizid\":0,\"cloudid\":0,\"ip\":\"10.20.30.40\","
                                    + "\"agent_id\":\"0:10.20.30.40\"},{\"bizid\":0,\"cloudid\":0,"
                                    + "\"agent_id\":\"020000000052540071a4c31716950020e3a4\"}]}"));
        assertThat(r.records()).hasSize(2);
        GseRecord v1 = r.records().get(0);
        GseRecord v2 = r.records().get(1);
        assertThat(v1.metricId).isEqualTo("bk_monitor.agent-gse");
        assertThat(v1.host).isEqualTo("10.20.30.40");
        assertThat(v1.agentId).isEqualTo("0:10.20.30.40");
        assertThat(dims(v1.dimensions)).containsExactly("agent_version=v1");
        assertThat(v2.host).isEmpty();
        assertThat(dims(v2.dimensions)).containsExactly("agent_version=v2");
        assertThat(v1.message).isEqualTo("GSE AGENT lost");
        assertThat(v1.time).isEqualTo(1716950033L);
    }

    @Test
    void diskFullKeepsRealDisksAndDropsIgnoredFileSystems() throws Exception {
        String full =
                "{\"type\":6,\"bizid\":0,\"cloudid\":0,\"host\":\"10.20.30.40\",\"disk\":\"/data\","
                    + "\"file_system\":\"/dev/vdb1\",\"fstype\":\"%s\",\"free\":%s,\"used_percent\":96}";
        ParseResult<GseRecord> r = system(envelope(String.format(full, "ext4", "4")));
        assertThat(r.records()).hasSize(1);
        GseRecord rec = r.records().get(0);
        assertThat(rec.message).isEqualTo("disk(/data) only 4% free");
        assertThat(dims(rec.dimensions))
                .containsExactly("file_system=/dev/vdb1", "fstype=ext4", "disk=/data");
        assertThat(rec.host).isEqualTo("10.20.30.40");
        assertThat(rec.cloudId).isZero();

        assertThat(system(envelope(String.format(full, "tmpfs", "4"))).dropped())
                .containsEntry(ParseResult.IGNORED_FILE_SYSTEM, 1);
        // outside 0..100 the filter does not apply
        assertThat(system(envelope(String.format(full, "tmpfs", "-1"))).records()).hasSize(1);
        String loop =
                "{\"type\":6,\"host\":\"10.20.30.40\",\"disk\":\"/mnt\",\"file_system\":\"/dev/loop3\",\"free\":0}";
        assertThat(system(envelope(loop)).dropped())
                .containsEntry(ParseResult.IGNORED_FILE_SYSTEM, 1);
    }

    @Test
    void diskReadOnlyUsesTheFirstEntryThatIsNotIgnored() throws Exception {
        ParseResult<GseRecord> r =
                system(
                        envelope(
                                "{\"type\":3,\"bizid\":0,\"cloudid\":0,\"host\":\"10.20.30.40\",\"ro\":["
                                    + "{\"position\":\"/sys/fs/cgroup\",\"fs\":\"tmpfs\",\"type\":\"tmpfs\"},"
                                    + "{\"positoin\":\"/data2\",\"fs\":\"/dev/vdc1\",\"type\":\"xfs\"}]}"));
        assertThat(dims(r.records().get(0).dimensions))
                .containsExactly("position=/data2", "type=xfs", "fs=/dev/vdc1");
        assertThat(
                        system(
                                        envelope(
                                                "{\"type\":3,\"host\":\"10.20.30.40\",\"ro\":[{\"position\":\"/x\",\"type\":\"TMPFS\"}]}"))
                                .dropped())
                .containsEntry(ParseResult.IGNORED_FILE_SYSTEM, 1);
    }

    @Test
    void corefileKeepsThePathOutOfDedupe() throws Exception {
        GseRecord r =
                system(
                                envelope(
                                        "{\"type\":7,\"bizid\":0,\"cloudid\":0,\"host\":\"10.20.30.40\","
                                            + "\"executable\":\"order-svc\",\"executable_path\":\"/opt/order/bin/order-svc\","
                                            + "\"signal\":\"SIGSEGV\",\"corefile\":\"/data/corefile/core_1\",\"filesize\":\"73400320\"}"))
                        .records()
                        .get(0);
        assertThat(dims(r.dimensions))
                .containsExactly(
                        "executable_path=/opt/order/bin/order-svc",
                        "executable=order-svc",
                        "signal=SIGSEGV");
        assertThat(dims(r.additionalDimensions)).containsExactly("corefile=/data/corefile/core_1");
    }

    @Test
    void oomDedupesOnTheHostOnly() throws Exception {
        GseRecord r =
                system(
                                envelope(
                                        "{\"type\":9,\"host\":\"10.20.30.40\",\"cloudid\":0,\"total\":3,\"process\":\"java\",\"message\":\"Out"
                                            + " of memory: Killed process"
                                            + " 42\",\"task\":\"java\",\"constraint\":\"\"}"))
                        .records()
                        .get(0);
        assertThat(r.dimensions).isEmpty();
        assertThat(dims(r.filterDimensions))
                .containsExactly("message=Out of memory: Killed process 42", "task=java");
        assertThat(dims(r.additionalDimensions)).containsExactly("process=java");
    }

    @Test
    void pingGivesOneRecordPerTargetAndCanBeSwitchedOff() throws Exception {
        String ping =
                envelope(
                        "{\"type\":8,\"bizid\":0,\"cloudid\":0,\"host\":\"10.0.0.2\",\"iplist\":[\"10.0.0.7\",\"10.0.0.8\"]}");
        ParseResult<GseRecord> r = system(ping);
        assertThat(r.records()).extracting(x -> x.host).containsExactly("10.0.0.7", "10.0.0.8");
        assertThat(r.records()).extracting(x -> x.server).containsOnly("10.0.0.2");

        GseEventParser off = new GseEventParser(new GseEventParser.Settings(true, false, 1800));
        assertThat(off.parseSystemEvent(json(ping), NOW).dropped())
                .containsEntry(ParseResult.DISABLED_TYPE, 2);
    }

    @Test
    void unprocessedTypesAreCountedAndOldRecordsExpire() throws Exception {
        assertThat(system(envelope("{\"type\":0,\"host\":\"1.1.1.1\"}")).dropped())
                .containsEntry(ParseResult.IGNORED_TYPE, 1);
        String disk =
                envelope(
                        "{\"type\":6,\"host\":\"10.20.30.40\",\"disk\":\"/\",\"fstype\":\"ext4\",\"free\":1}");
        assertThat(parser.parseSystemEvent(json(disk), 1716950033L + 1800).records()).hasSize(1);
        assertThat(parser.parseSystemEvent(json(disk), 1716950033L + 1801).dropped())
                .containsEntry(ParseResult.EXPIRED, 1);
    }

    @Test
    void eventTimeIsLocalTimeShiftedByTheEnvelopeTimezone() throws Exception {
        String msg =
                "{\"server\":\"s\",\"timezone\":8,\"value\":[{\"event_time\":\"2024-05-29"
                    + " 10:33:53\","
                    + "\"extra\":{\"type\":6,\"host\":\"10.20.30.40\",\"disk\":\"/\",\"fstype\":\"ext4\",\"free\":1}}]}";
        assertThat(system(msg).records().get(0).time).isEqualTo(1716950033L);
    }

    @Test
    void customStringEventsGiveOneRecordPerString() throws Exception {
        ParseResult<GseRecord> r =
                parser.parseCustomString(
                        json(
                                "{\"_bizid_\":0,\"_cloudid_\":0,\"_server_\":\"10.20.30.40\",\"_time_\":\"2024-05-29"
                                    + " 10:45:00\",\"_utctime_\":\"2024-05-29"
                                    + " 02:45:00\",\"_value_\":[\"payment gateway offline\",\"retry"
                                    + " queue overflow\"]}"),
                        1716950700L);
        assertThat(r.records())
                .extracting(x -> x.message)
                .containsExactly("payment gateway offline", "retry queue overflow");
        assertThat(r.records().get(0).time).isEqualTo(1716950700L);
        assertThat(r.records().get(0).host).isEqualTo("10.20.30.40");
        assertThat(r.records().get(0).metricId).isEqualTo("bk_monitor.gse_custom_event");
    }

    @Test
    void processEventsUseMillisecondTimestampsAndKnownNames() throws Exception {
        String report =
                "{\"data_id\":1100008,\"data\":[{\"event_name\":\"%s\",\"event\":{\"content\":\"restart"
                    + " nginx failed: exit 1\"},"
                    + "\"target\":\"10.20.30.40|0\",\"timestamp\":1716951000123,\"dimension\":{\"bk_target_ip\":\"10.20.30.40\","
                    + "\"bk_target_cloud_id\":\"0\",\"bk_agent_id\":\"\",\"process_group_id\":\"web\",\"process_index\":\"web:nginx\","
                    + "\"process_name\":\"nginx\"}}]}";
        GseRecord r =
                parser.parseProcessEvent(
                                json(String.format(report, "process_restart_failed")), 1716951010L)
                        .records()
                        .get(0);
        assertThat(r.time).isEqualTo(1716951000L);
        assertThat(r.host).isEqualTo("10.20.30.40");
        assertThat(r.cloudId).isZero();
        assertThat(r.message)
                .isEqualTo(
                        "event type: process restart failed, content: restart nginx failed: exit"
                                + " 1");
        assertThat(dims(r.dimensions))
                .containsExactly("process_group_id=web", "process_name=nginx");
        assertThat(dims(r.filterDimensions)).containsExactly("event_name=process_restart_failed");
        assertThat(
                        parser.parseProcessEvent(
                                        json(String.format(report, "made_up")), 1716951010L)
                                .dropped())
                .containsEntry(ParseResult.UNKNOWN_PROCESS_EVENT, 1);
    }

    @Test
    void malformedMessagesSayWhatIsWrong() {
        assertReason("[]", Reasons.WRONG_SHAPE);
        assertReason("{\"server\":\"s\"}", Reasons.MISSING_FIELD);
        assertReason("{\"value\":{}}", Reasons.WRONG_TYPE);
        assertReason("{\"value\":[]}", Reasons.WRONG_SHAPE);
        assertReason("{\"value\":[1]}", Reasons.WRONG_SHAPE);
        assertReason("{\"value\":[{\"extra\":{}}]}", Reasons.MISSING_FIELD);
        assertReason("{\"value\":[{\"extra\":{\"type\":\"six\"}}]}", Reasons.WRONG_TYPE);
        assertReason(
                "{\"utctime2\":\"2024-05-29\",\"value\":[{\"extra\":{\"type\":6,\"host\":\"h\"}}]}",
                Reasons.WRONG_TYPE);
        assertReason(envelope("{\"type\":42,\"host\":\"h\"}"), Reasons.WRONG_TYPE);
        assertReason(envelope("{\"type\":6}"), Reasons.MISSING_FIELD);
        assertReason(envelope("{\"type\":2,\"host\":\"10.0.0.1\"}"), Reasons.WRONG_TYPE);
    }

    private void assertReason(String msg, String reason) {
        assertThatThrownBy(() -> system(msg))
                .as(msg)
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).reason()).isEqualTo(reason));
    }
}
