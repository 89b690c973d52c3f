package dev.zhijia.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code kubectl kustomize} renders for every overlay in k8s/overlays is checked against the application and
 * the documentation: every Secret key the API pods read is in k8s/README.md's example (or in the Secret the overlay
 * renders), every ConfigMap key exists; probes are Quarkus's health endpoints on the management port; ports agree
 * with application.properties, the Service, the Ingress and the NetworkPolicy; images are pinned by tag; resources,
 * securityContext, PodDisruptionBudget, HPA and NetworkPolicy are present; the Ingress routes {@code /api} only;
 * the database pool of all replicas fits the server's connection limit. {@code scripts/k8s-check.sh} (CI) renders
 * the overlays into target/k8s first; run alone, the test renders them itself (kubectl with kustomize on PATH).
 */
class K8sManifestsTest {

    private static final Path OVERLAYS = Path.of("k8s", "overlays");
    private static final Path RENDERED = Path.of("target", "k8s");
    private static final Set<String> NO_INGRESS = Set.of("dev"); // a laptop cluster: port-forward

    @TestFactory
    Stream<DynamicTest> everyOverlay() throws IOException {
        List<Path> overlays;
        try (Stream<Path> dirs = Files.list(OVERLAYS)) {
            overlays = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(overlays.size() >= 3, "dev, staging and prod overlays at least: " + overlays);
        return overlays.stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path overlay) throws Exception {
        String name = overlay.getFileName().toString();
        Manifests m = new Manifests(render(overlay));
        Properties app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        String readme = Files.readString(Path.of("k8s/README.md"));

        JsonNode deployment = m.one("Deployment", "zhijia");
        JsonNode podSpec = deployment.at("/spec/template/spec");
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        JsonNode api = podSpec.at("/containers/0");
        Map<String, Integer> ports = new HashMap<>();
        api.path("ports")
                .forEach(p -> ports.put(
                        p.path("name").asText(), p.path("containerPort").asInt()));

        // ports: the container's match the application's; Service, Ingress, NetworkPolicy and metrics name real ones
        assertEquals(Integer.parseInt(app.getProperty("quarkus.http.port")), ports.get("http"), name + ": http port");
        assertEquals("true", app.getProperty("quarkus.management.enabled"));
        int management = Integer.parseInt(app.getProperty("quarkus.management.port"));
        assertEquals(management, ports.get("management"), name + ": management port");
        assertEquals(
                Integer.toString(management),
                deployment
                        .at("/spec/template/metadata/annotations/prometheus.io~1port")
                        .asText(),
                name + ": metrics scraped on the management port");
        JsonNode service = m.one("Service", "zhijia");
        assertTrue(selects(service.path("spec").path("selector"), podLabels), name + ": the Service selects the pods");
        Set<String> servicePorts = new HashSet<>();
        for (JsonNode p : service.at("/spec/ports")) {
            String target = p.path("targetPort").asText();
            assertTrue(
                    ports.containsKey(target)
                            || ports.containsValue(p.path("targetPort").asInt()),
                    name + ": Service targetPort " + target + " is a container port");
            assertEquals(
                    ports.get("http"),
                    ports.getOrDefault(target, p.path("targetPort").asInt()),
                    name + ": the Service exposes the API port only, never management");
            servicePorts.add(p.path("name").asText());
        }

        // probes: Quarkus's health endpoints on the management port
        Map<String, String> probes = Map.of(
                "startupProbe",
                "/q/health/started",
                "livenessProbe",
                "/q/health/live",
                "readinessProbe",
                "/q/health/ready");
        probes.forEach((probe, path) -> {
            JsonNode get = api.path(probe).path("httpGet");
            assertEquals(path, get.path("path").asText(), name + ": " + probe + " path");
            String port = get.path("port").asText();
            assertEquals(management, ports.getOrDefault(port, get.path("port").asInt()), name + ": " + probe + " port");
        });

        // every key the API reads exists
        for (JsonNode env : api.path("env")) {
            JsonNode secretRef = env.at("/valueFrom/secretKeyRef");
            if (!secretRef.isMissingNode()) {
                secretKey(
                        m,
                        readme,
                        name,
                        secretRef.path("name").asText(),
                        secretRef.path("key").asText(),
                        secretRef.path("optional").asBoolean(false));
            }
            JsonNode configRef = env.at("/valueFrom/configMapKeyRef");
            if (!configRef.isMissingNode()) {
                assertTrue(
                        m.one("ConfigMap", configRef.path("name").asText())
                                .path("data")
                                .has(configRef.path("key").asText()),
                        name + ": ConfigMap key " + configRef.path("key").asText());
            }
        }
        for (JsonNode from : api.path("envFrom")) {
            if (from.has("configMapRef")) {
                JsonNode data = m.one("ConfigMap", from.at("/configMapRef/name").asText())
                        .path("data");
                assertFalse(data.isEmpty(), name + ": the ConfigMap has settings");
                data.fieldNames()
                        .forEachRemaining(key -> assertTrue(
                                readme.contains("| " + key + " |"),
                                name + ": ConfigMap key " + key + " documented in k8s/README.md"));
            }
        }
        for (JsonNode volume : podSpec.path("volumes")) {
            if (volume.has("secret")) {
                for (JsonNode item : volume.at("/secret/items")) {
                    secretKey(
                            m,
                            readme,
                            name,
                            volume.at("/secret/secretName").asText(),
                            item.path("key").asText(),
                            false);
                }
            }
        }

        // every workload: pinned images, resources, a locked-down securityContext
        for (JsonNode workload : m.all(Set.of("Deployment", "StatefulSet"))) {
            String what = name + ": " + workload.path("kind").asText() + " "
                    + workload.at("/metadata/name").asText();
            JsonNode spec = workload.at("/spec/template/spec");
            assertTrue(spec.at("/securityContext/runAsNonRoot").asBoolean(), what + " runs as non-root");
            for (JsonNode c : spec.path("containers")) {
                String image = c.path("image").asText();
                String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
                assertFalse(
                        tag.isEmpty() || tag.equals("latest") || tag.contains("/"),
                        what + ": image pinned by tag: " + image);
                for (String r :
                        List.of("/resources/requests/cpu", "/resources/requests/memory", "/resources/limits/memory")) {
                    assertFalse(c.at(r).isMissingNode(), what + ": " + r);
                }
                assertFalse(
                        c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true),
                        what + ": no privilege escalation");
                assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean(), what + ": read-only root");
                assertEquals(
                        "ALL", c.at("/securityContext/capabilities/drop/0").asText(), what + ": capabilities dropped");
            }
        }

        // availability and isolation objects, aimed at the API pods
        assertTrue(
                selects(m.one("PodDisruptionBudget", "zhijia").at("/spec/selector/matchLabels"), podLabels),
                name + ": the PDB selects the pods");
        JsonNode policy = m.one("NetworkPolicy", "zhijia");
        assertTrue(
                selects(policy.at("/spec/podSelector/matchLabels"), podLabels),
                name + ": the NetworkPolicy selects the pods");
        for (JsonNode rule : policy.at("/spec/ingress")) {
            for (JsonNode p : rule.path("ports")) {
                assertTrue(
                        ports.containsKey(p.path("port").asText())
                                || ports.containsValue(p.path("port").asInt()),
                        name + ": NetworkPolicy port " + p.path("port").asText() + " is a container port");
            }
        }
        JsonNode hpa = m.one("HorizontalPodAutoscaler", "zhijia");
        assertEquals("Deployment", hpa.at("/spec/scaleTargetRef/kind").asText());
        assertEquals("zhijia", hpa.at("/spec/scaleTargetRef/name").asText());
        int maxReplicas = hpa.at("/spec/maxReplicas").asInt();
        assertTrue(maxReplicas >= hpa.at("/spec/minReplicas").asInt(), name + ": HPA bounds");

        // the database: every replica's pool together within the server's limit (90 %: admins, replication, migrations)
        JsonNode config = m.one("ConfigMap", "zhijia-config").path("data");
        int pool = config.path("QUARKUS_DATASOURCE_JDBC_MAX_SIZE").asInt();
        int limit = Integer.parseInt(hpa.at("/metadata/annotations/zhijia.dev~1database-max-connections")
                .asText("0"));
        assertTrue(pool > 0 && limit > 0, name + ": pool size and the database's connection limit are stated");
        assertTrue(
                pool * maxReplicas <= limit * 9 / 10,
                name + ": " + pool + " connections × " + maxReplicas + " replicas exceeds 90 % of " + limit);
        for (JsonNode mysql : m.named("StatefulSet", "mysql")) {
            assertTrue(
                    mysql.at("/spec/template/spec/containers/0/args").toString().contains("--max-connections=" + limit),
                    name + ": the in-cluster MySQL's max_connections is the HPA's stated limit");
            JsonNode credentials = m.one(
                    "Secret",
                    mysql.at("/spec/template/spec/containers/0/envFrom/0/secretRef/name")
                            .asText());
            JsonNode app2 = m.one("Secret", secretName(api, "QUARKUS_DATASOURCE_USERNAME"));
            assertEquals(
                    decoded(credentials, "MYSQL_USER"),
                    decoded(app2, "QUARKUS_DATASOURCE_USERNAME"),
                    name + ": MySQL user");
            assertEquals(
                    decoded(credentials, "MYSQL_PASSWORD"),
                    decoded(app2, "QUARKUS_DATASOURCE_PASSWORD"),
                    name + ": MySQL password");
        }

        // the Ingress: /api only, to the Service's API port
        List<JsonNode> ingresses = m.all(Set.of("Ingress"));
        if (NO_INGRESS.contains(name)) {
            assertTrue(ingresses.isEmpty(), name + ": no Ingress by design");
        } else {
            assertEquals(1, ingresses.size(), name + ": one Ingress");
        }
        for (JsonNode ingress : ingresses) {
            assertFalse(ingress.at("/spec/tls").isEmpty(), name + ": the Ingress terminates TLS");
            assertTrue(ingress.at("/spec/defaultBackend").isMissingNode(), name + ": no default backend");
            for (JsonNode rule : ingress.at("/spec/rules")) {
                for (JsonNode path : rule.at("/http/paths")) {
                    assertEquals("/api", path.path("path").asText(), name + ": the Ingress routes /api only");
                    assertEquals("Prefix", path.path("pathType").asText());
                    assertEquals("zhijia", path.at("/backend/service/name").asText());
                    assertTrue(
                            servicePorts.contains(
                                    path.at("/backend/service/port/name").asText()),
                            name + ": Ingress port");
                }
            }
        }
    }

    /** A Secret key the pods read: in the Secret when the overlay renders it, else in k8s/README.md's example. */
    private static void secretKey(
            Manifests m, String readme, String overlay, String secret, String key, boolean optional) {
        List<JsonNode> rendered = m.named("Secret", secret);
        if (!rendered.isEmpty()) {
            assertTrue(
                    optional || rendered.get(0).path("data").has(key), overlay + ": Secret " + secret + " has " + key);
            return;
        }
        String base = secret.replaceAll("-[a-z0-9]{10}$", "");
        assertTrue(
                readme.contains("--from-literal=" + key + "=") || readme.contains("--from-file=" + key),
                overlay + ": key " + key + " of Secret " + base + " is in k8s/README.md's example");
        assertTrue(readme.contains("secret generic " + base), overlay + ": Secret " + base + " is in k8s/README.md");
    }

    private static String secretName(JsonNode container, String env) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(env)) {
                return e.at("/valueFrom/secretKeyRef/name").asText();
            }
        }
        throw new AssertionError("no env " + env);
    }

    private static String decoded(JsonNode secret, String key) {
        return new String(
                Base64.getDecoder().decode(secret.path("data").path(key).asText()), StandardCharsets.UTF_8);
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector == null || selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> it = selector.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static String render(Path overlay) throws IOException, InterruptedException {
        Path file = RENDERED.resolve(overlay.getFileName() + ".yaml");
        if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toMillis() >= newest(overlay)) {
            return Files.readString(file);
        }
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", overlay.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            // no kubectl on this machine (Debian's archive has none): scripts/k8s-check.sh warned already
            Assumptions.abort("kubectl (with kustomize) is needed to render k8s/: " + e.getMessage());
            throw e;
        }
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize " + overlay + " hangs");
        assertEquals(0, kubectl.exitValue(), "kubectl kustomize " + overlay + ":\n" + out);
        return out;
    }

    /** The newest change to the manifests (an overlay renders k8s/base too). */
    private static long newest(Path overlay) throws IOException {
        long newest = 0;
        for (Path dir : List.of(overlay, Path.of("k8s", "base"))) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
                }
            }
        }
        return newest;
    }

    /** One overlay's rendered objects. */
    private record Manifests(List<JsonNode> objects) {
        Manifests(String yaml) throws IOException {
            this(parse(yaml));
        }

        private static List<JsonNode> parse(String yaml) throws IOException {
            List<JsonNode> out = new ArrayList<>();
            try (MappingIterator<JsonNode> docs =
                    new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc != null && !doc.isEmpty()) {
                        out.add(doc);
                    }
                }
            }
            return out;
        }

        List<JsonNode> all(Set<String> kinds) {
            return objects.stream()
                    .filter(o -> kinds.contains(o.path("kind").asText()))
                    .toList();
        }

        /** By name, also when kustomize appended a content hash (generated ConfigMaps and Secrets). */
        List<JsonNode> named(String kind, String name) {
            return objects.stream()
                    .filter(o -> o.path("kind").asText().equals(kind))
                    .filter(o -> {
                        String n = o.at("/metadata/name").asText();
                        return n.equals(name)
                                || n.replaceAll("-[a-z0-9]{10}$", "").equals(name);
                    })
                    .toList();
        }

        JsonNode one(String kind, String name) {
            List<JsonNode> found = named(kind, name);
            assertEquals(1, found.size(), "one " + kind + " " + name);
            assertNotNull(found.get(0));
            return found.get(0);
        }
    }
}
