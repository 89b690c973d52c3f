import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * What GraalVM's {@code native-image} launcher (not on Maven Central) does before it starts the builder:
 * turns Quarkus's {@code native-image.args} into {@code NativeImageGeneratorRunner} arguments. It expands
 * {@code -jar} into the image class path and main class, reads every class-path jar's
 * {@code META-INF/native-image/**}{@code /native-image.properties} ({@code Args}, {@code JavaArgs}) and
 * configuration files (honouring {@code --exclude-config}), and maps the driver's {@code --options} to
 * builder {@code -H:} options. An option it does not know stops the check rather than being dropped.
 * <p>Usage: {@code java BuilderArgs.java <native-sources dir> <jvm-args out> <builder-args out> [extra -H: ...]}
 */
public class BuilderArgs {

    private final List<String> jvm = new ArrayList<>();
    private final List<String> builder = new ArrayList<>();
    private final List<Pattern[]> excluded = new ArrayList<>();
    private String imageName;

    public static void main(String[] args) throws IOException {
        Path sources = Path.of(args[0]).toAbsolutePath();
        BuilderArgs b = new BuilderArgs();
        List<String> driver = List.of(Files.readString(sources.resolve("native-image.args")).trim().split("\\s+"));
        String jar = null;
        List<String> options = new ArrayList<>();
        for (int i = 0; i < driver.size(); i++) {
            String a = driver.get(i);
            if (a.equals("-jar")) {
                jar = driver.get(++i);
            } else if (a.equals("--exclude-config")) {
                b.excluded.add(new Pattern[] {Pattern.compile(driver.get(++i)), Pattern.compile(driver.get(++i))});
            } else if (!a.startsWith("-")) {
                b.imageName = a;
            } else {
                options.add(a);
            }
        }
        if (jar == null) {
            throw new IllegalArgumentException("native-image.args has no -jar");
        }
        Path runner = sources.resolve(jar);
        List<Path> classPath = new ArrayList<>(List.of(runner));
        String mainClass;
        try (JarFile j = new JarFile(runner.toFile())) {
            mainClass = j.getManifest().getMainAttributes().getValue("Main-Class");
            String cp = j.getManifest().getMainAttributes().getValue("Class-Path");
            if (cp != null) {
                for (String entry : cp.trim().split("\\s+")) {
                    classPath.add(sources.resolve(entry));
                }
            }
        }
        for (Path entry : classPath) {
            b.metaInf(entry);
        }
        for (String o : options) {
            b.option(o, "native-image.args");
        }
        b.builder.add("-H:Class=" + mainClass);
        b.builder.add("-H:Name=" + b.imageName);
        b.builder.add("-H:Path=" + sources);
        for (int i = 3; i < args.length; i++) {
            b.builder.add(args[i]);
        }
        List<String> runnerArgs = new ArrayList<>();
        runnerArgs.add("-imagecp");
        runnerArgs.add(String.join(":", classPath.stream().map(Path::toString).toList()));
        runnerArgs.addAll(b.builder);
        Files.write(Path.of(args[1]), b.jvm);
        Files.write(Path.of(args[2]), runnerArgs);
    }

    private void metaInf(Path entry) throws IOException {
        if (!Files.isRegularFile(entry)) {
            throw new IllegalStateException("class-path entry missing: " + entry);
        }
        try (JarFile j = new JarFile(entry.toFile())) {
            Enumeration<JarEntry> entries = j.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (!name.startsWith("META-INF/native-image/") || name.endsWith("/")) {
                    continue;
                }
                if (isExcluded(entry, "/" + name)) {
                    continue;
                }
                String file = name.substring(name.lastIndexOf('/') + 1);
                String kind = switch (file) {
                    case "reflect-config.json" -> "ReflectionConfigurationResources";
                    case "resource-config.json" -> "ResourceConfigurationResources";
                    case "proxy-config.json" -> "DynamicProxyConfigurationResources";
                    case "jni-config.json" -> "JNIConfigurationResources";
                    case "serialization-config.json" -> "SerializationConfigurationResources";
                    case "predefined-classes-config.json" -> "PredefinedClassesConfigurationResources";
                    case "reachability-metadata.json" -> "ReachabilityMetadataResources";
                    default -> null;
                };
                if (kind != null) {
                    builder.add("-H:" + kind + "=" + name);
                } else if (file.equals("native-image.properties")) {
                    Properties p = new Properties();
                    String text = new String(j.getInputStream(j.getEntry(name)).readAllBytes());
                    p.load(new StringReader(text.replace("\\\n", " ")));
                    String dir = name.substring(0, name.lastIndexOf('/'));
                    for (String a : split(p.getProperty("Args", ""), dir)) {
                        option(a, entry.getFileName() + "!/" + name);
                    }
                    for (String a : split(p.getProperty("JavaArgs", ""), dir)) {
                        jvm.add(a);
                    }
                    if (p.getProperty("ImageName") != null && imageName == null) {
                        imageName = p.getProperty("ImageName");
                    }
                }
            }
        }
    }

    private boolean isExcluded(Path jar, String resource) {
        for (Pattern[] e : excluded) {
            if (e[0].matcher(jar.getFileName().toString()).find() && e[1].matcher(resource).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<String> split(String value, String dir) {
        List<String> out = new ArrayList<>();
        for (String a : value.trim().split("\\s+")) {
            if (!a.isEmpty()) {
                out.add(a.replace("${.}", dir));
            }
        }
        return out;
    }

    /** The driver's option → the builder's; the mapping is the one GraalVM's {@code @APIOption}s declare. */
    private void option(String a, String origin) {
        if (a.startsWith("-J")) {
            jvm.add(a.substring(2));
        } else if (a.startsWith("-H:")) {
            builder.add(a);
        } else if (a.startsWith("--features=")) {
            builder.add("-H:Features=" + value(a));
        } else if (a.startsWith("--initialize-at-build-time")) {
            classInit(a, "build_time");
        } else if (a.startsWith("--initialize-at-run-time")) {
            classInit(a, "run_time");
        } else if (a.equals("--no-fallback")) {
            builder.add("-H:FallbackThreshold=0");
        } else if (a.equals("--link-at-build-time")) {
            builder.add("-H:LinkAtBuildTime=");
        } else if (a.startsWith("--link-at-build-time=")) {
            builder.add("-H:LinkAtBuildTime=" + value(a));
        } else if (a.startsWith("--enable-url-protocols=")) {
            builder.add("-H:EnableURLProtocols=" + value(a));
        } else if (a.startsWith("--enable-monitoring")) {
            builder.add("-H:EnableMonitoringFeatures=" + (a.contains("=") ? value(a) : "all"));
        } else if (a.equals("--install-exit-handlers")) {
            builder.add("-H:+InstallExitHandlers");
        } else if (a.equals("--strict-image-heap")) {
            builder.add("-H:+StrictImageHeap");
        } else if (a.equals("--enable-all-security-services")) {
            builder.add("-H:+EnableAllSecurityServices");
        } else if (a.equals("--report-unsupported-elements-at-runtime")) {
            builder.add("-H:+ReportUnsupportedElementsAtRuntime");
        } else if (a.startsWith("--trace-object-instantiation=")) {
            builder.add("-H:TraceObjectInstantiation=" + value(a));
        } else if (a.startsWith("--add-exports=") || a.startsWith("--add-opens=") || a.startsWith("--add-reads=")) {
            jvm.add(a); // for the builder's JVM; the image itself has no module checks
        } else if (a.startsWith("-march=")) {
            builder.add("-H:March=" + value(a));
        } else if (a.startsWith("-O")) {
            builder.add("-H:Optimize=" + a.substring(2));
        } else if (a.equals("--allow-incomplete-classpath") || a.equals("--enable-http") || a.equals("--enable-https")) {
            if (a.equals("--enable-http")) builder.add("-H:EnableURLProtocols=http");
            if (a.equals("--enable-https")) builder.add("-H:EnableURLProtocols=https");
        } else {
            throw new IllegalArgumentException("unknown native-image option " + a + " (from " + origin + ")");
        }
    }

    private void classInit(String a, String when) {
        String classes = a.contains("=") ? value(a) : "";
        for (String c : classes.split(",")) {
            builder.add("-H:ClassInitialization=" + c + ":" + when);
        }
    }

    private static String value(String a) {
        return a.substring(a.indexOf('=') + 1);
    }
}
