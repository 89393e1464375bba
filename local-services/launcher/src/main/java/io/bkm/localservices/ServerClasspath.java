package io.bkm.localservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The classpath of a server module, as its build wrote it. Reading it from a file keeps the
 * server's jars off the classpath of whoever launches it.
 */
final class ServerClasspath {
    private ServerClasspath() {}

    static String of(Path repoRoot, String module, boolean withOwnClasses) {
        Path moduleDir = repoRoot.resolve("local-services").resolve(module);
        Path file = moduleDir.resolve("target/server.classpath");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    "missing "
                            + file
                            + ": build the local services first (mvn -q -pl local-services/"
                            + module
                            + " -am package -DskipTests)");
        }
        try {
            String cp = Files.readString(file).trim();
            return withOwnClasses
                    ? moduleDir.resolve("target/classes") + java.io.File.pathSeparator + cp
                    : cp;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The JVM option that keeps a server's temporary files (Flink's extracted RPC jar, native
     * libraries unpacked by LZ4 and Snappy) in its own folder. A server killed without its shutdown
     * hooks leaves them behind, and under /tmp nothing removed them.
     */
    static String tmpDirOption(Path serverDir) throws IOException {
        Path tmp = Files.createDirectories(serverDir.resolve("tmp"));
        return "-Djava.io.tmpdir=" + tmp;
    }
}
