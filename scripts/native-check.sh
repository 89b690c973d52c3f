#!/usr/bin/env bash
# Native compilation as far as this machine allows: Quarkus's native build steps, then GraalVM's
# builder (analysis + compilation, everything but the final link) on the Temurin 25 JDK, from Maven
# Central jars. Fails on any native build error (unsupported feature, a class initialised at build
# time that must not be, a missing substitution or registration). ../shared/PLATFORM.md "Native image".
#
#   bash scripts/native-check.sh            # package with -Dnative -Dquarkus.native.sources-only, then build
#   NATIVE_SKIP_PACKAGE=1 bash scripts/...  # reuse target/native-sources from an earlier run
#
# Settings: NATIVE_JDK (Temurin 25), NATIVE_XMX (builder heap, default 8g: the machines are shared),
# NATIVE_CACHE (builder jars and the GraalVM-shaped JDK, default ~/.cache/zhijia-native).
# Figures (types, methods, time, peak RSS) are printed at the end and kept in target/native-check/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JDK=${NATIVE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
XMX=${NATIVE_XMX:-8g}
CACHE=${NATIVE_CACHE:-$HOME/.cache/zhijia-native}
OUT=target/native-check
GRAAL=$(sed -n 's:.*<graalvm.version>\(.*\)</graalvm.version>.*:\1:p' scripts/native/pom.xml)
LIB=$CACHE/$GRAAL/lib
HOME_DIR=$CACHE/$GRAAL/jdk   # the GraalVM-shaped java.home the builder runs in
mkdir -p "$OUT"

[[ -x $JDK/bin/java ]] || { echo "native-check: no JDK at $JDK (set NATIVE_JDK)" >&2; exit 2; }

# 1. The builder: svm and its dependencies (no native-image launcher on Maven Central).
if [[ ! -f $LIB/svm-$GRAAL.jar ]]; then
    mvn -B -q -f scripts/native/pom.xml dependency:copy-dependencies -DoutputDirectory="$LIB"
fi

# 2. A java.home shaped like a GraalVM: the JDK (linked file by file, except the launcher and libjvm,
#    whose real location decides java.home), the builder's C headers and its tiny JNI helper.
if [[ ! -f $HOME_DIR/.ready ]]; then
    rm -rf "$HOME_DIR"
    mkdir -p "$(dirname "$HOME_DIR")"
    cp -rs "$JDK" "$HOME_DIR"
    rm "$HOME_DIR/bin/java" "$HOME_DIR/lib/server/libjvm.so"
    cp "$JDK/bin/java" "$HOME_DIR/bin/java"
    cp "$JDK/lib/server/libjvm.so" "$HOME_DIR/lib/server/libjvm.so"
    # the builder looks for them under its C library path (-H:CLibraryPath below)
    "$JDK/bin/java" scripts/native/CHeaders.java "$LIB" "$HOME_DIR/lib/svm/clibraries/linux-amd64/include"
    mkdir -p "$HOME_DIR/lib/svm/builder/lib"
    gcc -shared -fPIC -O2 -I"$JDK/include" -I"$JDK/include/linux" scripts/native/reporterchelper.c \
        -o "$HOME_DIR/lib/svm/builder/lib/libreporterchelper.so"
    # The JDK internals the builder modules use, exported to them (the launcher's job too).
    "$JDK/bin/jdeps" --multi-release 25 --module-path "$LIB" --upgrade-module-path "$LIB/compiler-$GRAAL.jar" \
        --ignore-missing-deps -q --jdk-internals "$LIB"/svm-$GRAAL.jar "$LIB"/pointsto-$GRAAL.jar \
        "$LIB"/objectfile-$GRAAL.jar "$LIB"/native-image-base-$GRAAL.jar "$LIB"/compiler-$GRAAL.jar \
        | awk '/JDK internal API \(/ { cls = $3; sub(/\.[^.]*$/, "", cls); mod = $NF; gsub(/[()]/, "", mod); print mod "/" cls }' \
        | sort -u > "$HOME_DIR/builder-exports"
    touch "$HOME_DIR/.ready"
fi

# 3. Quarkus's native build steps, without native-image: target/native-sources/native-image.args.
if [[ -z ${NATIVE_SKIP_PACKAGE:-} ]]; then
    mvn -B -q package -DskipTests -Dnative -Dquarkus.native.sources-only=true
fi

# 4. The launcher's translation: -jar, native-image.properties of every jar, --options → -H: options.
"$JDK/bin/java" scripts/native/BuilderArgs.java "${NATIVE_SOURCES:-target/native-sources}" "$OUT/jvm.args" "$OUT/builder.args" \
    -H:+ExitAfterRelocatableImageWrite "-H:TempDirectory=$PWD/$OUT/tmp" \
    "-H:ImageBuildID=$(cat /proc/sys/kernel/random/uuid)" "-H:CLibraryPath=$HOME_DIR/lib/svm/clibraries/linux-amd64"
mapfile -t quarkus_jvm < "$OUT/jvm.args"
mapfile -t builder_args < "$OUT/builder.args"
targets=org.graalvm.nativeimage.builder,org.graalvm.nativeimage.pointsto,org.graalvm.nativeimage.objectfile,org.graalvm.nativeimage.base,jdk.graal.compiler,org.graalvm.nativeimage.configure,ALL-UNNAMED
exports=()
while read -r e; do exports+=("--add-exports=$e=$targets"); done < "$HOME_DIR/builder-exports"
modules=$(ls "$LIB"/*.jar | grep -v "/compiler-$GRAAL.jar" | paste -sd:)

# 5. The builder, up to the relocatable object (the final link needs static JDK libraries nobody serves here).
#    Quarkus wrote native-image.args for GraalVM 23.1 (it cannot ask a
#    builder it does not run), so what the launcher adds on Java 24+ is added here: the GraalVM vendor version
#    Quarkus's Feature parses, and java.lang opened for jboss-threads' thread-local reset.
rm -rf "$OUT/tmp"; mkdir -p "$OUT/tmp"
start=$(date +%s)
set +e
/usr/bin/time -v -o "$OUT/time.txt" "$HOME_DIR/bin/java" "-Xmx$XMX" -Xss10m -XX:+UseParallelGC \
    -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI -XX:-UseJVMCICompiler -XX:-UseJVMCINativeLibrary \
    -Dorg.graalvm.nativeimage.imagecode=buildtime -Dorg.graalvm.version="$GRAAL" \
    -Dorg.graalvm.vendorversion="GraalVM CE $GRAAL+1.1" \
    --add-opens=java.base/java.lang=ALL-UNNAMED \
    -Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader \
    -Djdk.internal.lambda.disableEagerInitialization=true -Djdk.internal.lambda.eagerlyInitialize=false \
    -Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false \
    -Dtruffle.TrustAllTruffleRuntimeProviders=true -Dgraalvm.locatorDisabled=true \
    --enable-native-access=org.graalvm.nativeimage.builder,ALL-UNNAMED --add-modules=ALL-DEFAULT "${exports[@]}" "${quarkus_jvm[@]}" \
    --upgrade-module-path "$LIB/compiler-$GRAAL.jar" --module-path "$modules" \
    -m org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner \
    "${builder_args[@]}" 2>&1 | tee "$OUT/build.log"
rc=${PIPESTATUS[0]}
set -e
seconds=$(( $(date +%s) - start ))
peak=$(awk -F': ' '/Maximum resident/ { printf "%.2f GB", $2 / 1048576 }' "$OUT/time.txt" 2>/dev/null || true)
reach=$(grep -E '^ *[0-9,]+ (types|methods|fields)' "$OUT/build.log" | head -6 | tr -s ' ' | paste -sd';' || true)
echo "native-check: exit $rc, ${seconds}s, peak RSS ${peak:-?}, reachable: ${reach:-?}" | tee "$OUT/summary.txt"
if [[ $rc -ne 0 ]] || grep -qE '^(Error|Fatal error):' "$OUT/build.log"; then
    echo "native-check: FAILED (see $OUT/build.log)" >&2
    exit 1
fi
# -H:+ExitAfterRelocatableImageWrite leaves the object file of the whole image: analysis and compilation passed.
ls "$OUT"/tmp/*/*.o >/dev/null 2>&1 || find "$OUT/tmp" -name '*.o' | grep -q . || { echo "native-check: no object file written" >&2; exit 1; }
echo "native-check: OK"
