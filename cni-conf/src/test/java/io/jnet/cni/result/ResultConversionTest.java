package io.jnet.cni.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.cni.TestResources;
import io.jnet.cni.spec.CniException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResultConversionTest {

    private static Result full() throws CniException {
        return ResultReader.parse(TestResources.json("results/full-1.1.0.json"), "1.1.0");
    }

    @ParameterizedTest(name = "1.1.0 -> {0}")
    @ValueSource(strings = {"1.0.0", "0.4.0", "0.3.1", "0.3.0", "0.2.0", "0.1.0"})
    void convertsFullResultToEveryVersion(String version) throws CniException {
        JsonObject out = ResultWriter.toJson(full(), version);
        assertEquals(TestResources.json("results/full-to-" + version + ".json"), out);
    }

    @Test
    void roundTripsTheFullModelIn110() throws CniException {
        assertEquals(TestResources.json("results/full-1.1.0.json"), ResultWriter.toJson(full(), "1.1.0"));
    }

    @Test
    void readsTheModelFields() throws CniException {
        Result r = full();
        assertEquals(3, r.interfaces().size());
        assertEquals("0000:00:1f.6", r.interfaces().get(2).pciId());
        assertEquals(1450, r.interfaces().get(2).mtu());
        assertEquals(2, r.ips().get(0).interfaceIndex());
        assertEquals(6, r.ips().get(2).family());
        assertEquals(10, r.routes().get(0).table());
        assertEquals(List.of("ndots:2"), r.dns().options());
    }

    @Test
    void legacyVersionKeepsOnlyTheFamilyThatExists() throws CniException {
        Result r = ResultReader.parse(TestResources.json("results/ipam-v6only-1.1.0.json"), "1.1.0");
        assertEquals(TestResources.json("results/ipam-v6only-to-0.2.0.json"), ResultWriter.toJson(r, "0.2.0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.2.0", "0.1.0"})
    void legacyVersionWithoutAnyIpIsAnError(String version) throws CniException {
        Result r = ResultReader.parse(TestResources.json("results/no-ips-1.1.0.json"), "1.1.0");
        CniException e = assertThrows(CniException.class, () -> ResultWriter.toJson(r, version));
        assertEquals("cannot convert: no valid IP addresses", e.msg());
    }

    @Test
    void emptyFieldsAreOmittedButDnsIsAlwaysThere() throws CniException {
        JsonObject out = ResultWriter.toJson(ResultReader.parse(TestResources.json("results/no-ips-1.1.0.json"), "1.1.0"), "1.1.0");
        assertFalse(out.has("ips"));
        assertFalse(out.has("routes"));
        assertEquals("{}", out.get("dns").toString(), "an empty dns is printed as {}, like the reference");
        assertFalse(out.getAsJsonArray("interfaces").get(0).getAsJsonObject().has("mac"));
        assertEquals(TestResources.parse("{\"cniVersion\":\"1.1.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"/var/run/netns/x\"}],\"dns\":{}}"), out);
    }

    @Test
    void writingAnUnsupportedVersionIsCode1() throws CniException {
        CniException e = assertThrows(CniException.class, () -> ResultWriter.toJson(full(), "0.5.0"));
        assertEquals(CniException.INCOMPATIBLE_CNI_VERSION, e.code());
    }

    @ParameterizedTest(name = "prevResult {0}")
    @CsvSource({
        "0.1.0, prev-legacy-expected-1.1.0.json",
        "0.2.0, prev-legacy-expected-1.1.0.json",
        "0.3.0, prev-04x-expected-1.1.0.json",
        "0.3.1, prev-04x-expected-1.1.0.json",
        "0.4.0, prev-04x-expected-1.1.0.json",
        "1.0.0, prev-1.0.0-expected-1.1.0.json",
    })
    void parsesPrevResultOfEveryVersion(String version, String expected) throws CniException {
        Result r = ResultReader.parseAs(TestResources.json("results/prev-" + version + ".json"), version);
        assertEquals(TestResources.json("results/" + expected), ResultWriter.toJson(r, "1.1.0"));
    }

    @Test
    void prevResultWithoutVersionTakesTheFallback() throws CniException {
        JsonObject prev = TestResources.json("results/prev-0.2.0.json");
        prev.remove("cniVersion");
        Result r = ResultReader.parse(prev, "0.2.0");
        assertEquals(2, r.ips().size());
        assertEquals("10.1.0.5/16", r.ips().get(0).address());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.2.0, 0.4.0", "0.4.0, 0.2.0", "0.3.1, 1.0.0", "1.0.0, 0.3.0", "0.1.0, 1.1.0"})
    void convertsBetweenOlderVersionsThroughTheModel(String from, String to) throws CniException {
        JsonObject src = TestResources.json("results/full-to-" + from + ".json");
        JsonObject out = ResultConverter.convert(src, from, to);
        assertEquals(to, out.get("cniVersion").getAsString());
        boolean legacy = to.equals("0.2.0") || to.equals("0.1.0");
        assertTrue(legacy ? out.has("ip4") : out.getAsJsonArray("ips").size() >= 2);
    }

    @Test
    void malformedResultsAreDecodingFailures() {
        for (String bad : List.of(
                "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"not-an-ip\"}]}",
                "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.0.0.1\"}]}",
                "{\"cniVersion\":\"1.0.0\",\"routes\":[{\"gw\":\"10.0.0.1\"}]}",
                "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"mac\":\"aa\"}]}",
                "{\"cniVersion\":\"1.0.0\",\"ips\":\"10.0.0.1/24\"}",
                "{\"cniVersion\":\"0.2.0\",\"ip4\":{\"gateway\":\"10.0.0.1\"}}")) {
            CniException e = assertThrows(CniException.class, () -> ResultReader.parse(TestResources.parse(bad), "1.0.0"), bad);
            assertEquals(CniException.DECODING_FAILURE, e.code(), bad);
        }
    }
}
