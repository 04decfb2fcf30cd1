package dev.realtime.consumer.standalone;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The runnable jar's entry point: puts every jar of the {@code lib/} folder beside it on a class
 * path and starts {@link StandaloneConsumer}. Keeps {@code java -jar} working without a fat jar.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(Launcher.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path lib = jar.getParent().resolve("lib");
        URL[] urls;
        try (Stream<Path> jars = Files.list(lib)) {
            urls = jars.filter(p -> p.toString().endsWith(".jar"))
                    .sorted()
                    .map(Launcher::url)
                    .toArray(URL[]::new);
        }
        URLClassLoader loader = new URLClassLoader("realtime-consumer", urls, ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            loader.loadClass(Launcher.class.getPackageName() + ".StandaloneConsumer")
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
