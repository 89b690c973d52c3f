package dev.zhijia.ops;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.MethodParameterInfo;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the native image's analysis cannot see: Jackson reads and writes bodies by reflection, and resources are
 * loaded by name. Convention (README "Native image"): <b>every type that crosses the wire as JSON carries
 * {@code @RegisterForReflection}</b>, and every file under src/main/resources is matched by
 * {@code quarkus.native.resources.includes} (or is one Quarkus registers itself: application.properties, Flyway
 * migrations, META-INF). This test finds the wire types from the compiled classes of every package, so it covers
 * capabilities added later without being told about them:
 * <ul>
 *   <li>the body parameter and the return type of every JAX-RS method (resources and REST clients), through
 *       {@code Uni}, {@code List}, {@code Optional}, {@code RestResponse}, … type arguments;</li>
 *   <li>records declared inside a {@code @Path} class (what methods returning {@code Response} put in it) and
 *       top-level records named {@code *Request}, {@code *Response}, {@code *View};</li>
 *   <li>and, transitively, the types of their components and fields (enums included).</li>
 * </ul>
 */
class NativeRegistrationTest {

    private static final Path CLASSES = Path.of("target", "classes");
    private static final String BASE = "dev.zhijia.";
    private static final DotName REGISTER =
            DotName.createSimple("io.quarkus.runtime.annotations.RegisterForReflection");
    private static final Set<DotName> HTTP_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH").stream()
            .map(m -> DotName.createSimple("jakarta.ws.rs." + m))
            .collect(Collectors.toSet());
    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    /** Parameters that are not the body. */
    private static final Set<String> NOT_BODY = Set.of(
            "jakarta.ws.rs.PathParam",
            "jakarta.ws.rs.QueryParam",
            "jakarta.ws.rs.HeaderParam",
            "jakarta.ws.rs.CookieParam",
            "jakarta.ws.rs.FormParam",
            "jakarta.ws.rs.MatrixParam",
            "jakarta.ws.rs.BeanParam",
            "jakarta.ws.rs.core.Context",
            "org.jboss.resteasy.reactive.RestPath",
            "org.jboss.resteasy.reactive.RestQuery",
            "org.jboss.resteasy.reactive.RestHeader",
            "org.jboss.resteasy.reactive.RestForm",
            "org.jboss.resteasy.reactive.RestCookie",
            "org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam");

    @Test
    void everyJsonBodyTypeIsRegisteredForReflection() throws IOException {
        Index index = index();
        Set<String> wire = wireTypes(index);
        assertTrue(wire.size() > 20, "the scan finds the API's bodies: " + wire);
        Set<String> missing = new TreeSet<>();
        for (String name : wire) {
            ClassInfo c = index.getClassByName(DotName.createSimple(name));
            if (c != null && !registered(c, index)) {
                missing.add(name);
            }
        }
        assertTrue(
                missing.isEmpty(),
                "JSON body types without @RegisterForReflection (the native image could not (de)serialise them): "
                        + missing);
    }

    @Test
    void everyResourceTheCodeLoadsIsInTheNativeImage() throws IOException {
        Properties app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        List<PathMatcher> includes = Stream.of(
                        app.getProperty("quarkus.native.resources.includes", "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
                .toList();
        Path root = Path.of("src/main/resources");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rel = root.relativize(f);
                String s = rel.toString();
                boolean quarkusOwn = s.equals("application.properties")
                        || s.startsWith("db/migration/")
                        || s.startsWith("META-INF/");
                if (!quarkusOwn && includes.stream().noneMatch(m -> m.matches(rel))) {
                    missing.add(s);
                }
            }
        }
        assertTrue(missing.isEmpty(), "resources not in quarkus.native.resources.includes: " + missing);
    }

    private static boolean registered(ClassInfo c, Index index) {
        if (c.declaredAnnotation(REGISTER) != null) {
            return true;
        }
        // registered by another class's @RegisterForReflection(targets = ...)
        for (AnnotationInstance a : index.getAnnotations(REGISTER)) {
            var targets = a.value("targets");
            if (targets != null) {
                for (Type t : targets.asClassArray()) {
                    if (t.name().equals(c.name())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Set<String> wireTypes(Index index) {
        Deque<Type> todo = new ArrayDeque<>();
        for (ClassInfo c : index.getKnownClasses()) {
            boolean resource = c.declaredAnnotation(PATH) != null;
            for (MethodInfo m : c.methods()) {
                if (m.annotations().stream().noneMatch(a -> HTTP_METHODS.contains(a.name()))) {
                    continue;
                }
                resource = true;
                todo.add(m.returnType());
                for (MethodParameterInfo p : m.parameters()) {
                    boolean body = m.annotations().stream()
                            .filter(a ->
                                    a.target() != null && a.target().kind() == AnnotationTarget.Kind.METHOD_PARAMETER)
                            .filter(a -> a.target().asMethodParameter().position() == p.position())
                            .noneMatch(a -> NOT_BODY.contains(a.name().toString()));
                    if (body) {
                        todo.add(p.type());
                    }
                }
            }
            if (resource) {
                for (DotName member : c.memberClasses()) {
                    ClassInfo nested = index.getClassByName(member);
                    if (nested != null && nested.isRecord()) {
                        todo.add(Type.create(member, Type.Kind.CLASS));
                    }
                }
            }
            String simple = c.simpleName();
            if (c.isRecord()
                    && c.nestingType() == ClassInfo.NestingType.TOP_LEVEL
                    && (simple.endsWith("Request") || simple.endsWith("Response") || simple.endsWith("View"))) {
                todo.add(Type.create(c.name(), Type.Kind.CLASS));
            }
        }
        Set<String> seen = new TreeSet<>();
        while (!todo.isEmpty()) {
            Type t = todo.pop();
            switch (t.kind()) {
                case PARAMETERIZED_TYPE -> {
                    todo.add(Type.create(t.name(), Type.Kind.CLASS));
                    todo.addAll(t.asParameterizedType().arguments());
                }
                case ARRAY -> todo.add(t.asArrayType().constituent());
                case CLASS -> {
                    String name = t.name().toString();
                    ClassInfo c = index.getClassByName(t.name());
                    if (!name.startsWith(BASE) || c == null || !seen.add(name)) {
                        continue;
                    }
                    if (c.isRecord()) {
                        for (RecordComponentInfo rc : c.recordComponents()) {
                            todo.add(rc.type());
                        }
                    } else if (!c.isEnum()) {
                        for (FieldInfo f : c.fields()) {
                            if (!Modifier.isStatic(f.flags()) && !Modifier.isTransient(f.flags())) {
                                todo.add(f.type());
                            }
                        }
                    }
                }
                default -> {}
            }
        }
        // not bodies: the resources themselves and JAX-RS plumbing that a signature may mention
        seen.removeIf(n -> {
            ClassInfo c = index.getClassByName(DotName.createSimple(n));
            return c == null || c.declaredAnnotation(PATH) != null || c.isInterface();
        });
        return seen;
    }

    private static Index index() throws IOException {
        Indexer indexer = new Indexer();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    indexer.index(in);
                }
            }
        }
        return indexer.complete();
    }
}
