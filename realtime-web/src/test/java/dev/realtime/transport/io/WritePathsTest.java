package dev.realtime.transport.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.broker.NoneBroker;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.WritePath;
import dev.realtime.node.RealtimeNode;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How {@code realtime.websocket.write-path} picks the writer: the decision table, the detection of
 * Undertow by class name, the portable fallback for a session that is not Undertow's, and, in a
 * class loader that hides Undertow as Payara does, that {@code auto} chooses portable without ever
 * loading {@link UndertowFrameSender} while {@code native} fails naming the key.
 */
class WritePathsTest {

    @Test
    void decisionTable() {
        assertTrue(WritePaths.choose(WritePath.AUTO, true));
        assertFalse(WritePaths.choose(WritePath.AUTO, false));
        assertFalse(WritePaths.choose(WritePath.PORTABLE, true));
        assertFalse(WritePaths.choose(WritePath.PORTABLE, false));
        assertTrue(WritePaths.choose(WritePath.NATIVE, true));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> WritePaths.choose(WritePath.NATIVE, false));
        assertTrue(e.getMessage().startsWith("realtime.websocket.write-path=native"), e.getMessage());
    }

    @Test
    void undertowIsFoundOnTheCompileClasspathAndNotWhereItIsHidden() {
        assertTrue(WritePaths.undertowPresent(WritePaths.class.getClassLoader()));
        assertFalse(WritePaths.undertowPresent(new WithoutUndertow()));
    }

    @Test
    void aSessionThatIsNotUndertowsGetsThePortableSenderEvenOnTheNativePath() {
        WritePaths paths = paths("native");
        assertEquals(WritePaths.NATIVE, paths.name());
        RemoteEndpoint.Async remote = proxy(RemoteEndpoint.Async.class, (method, args) -> null);
        Session session =
                proxy(Session.class, (method, args) -> method.getName().equals("getAsyncRemote") ? remote : null);
        assertInstanceOf(PortableFrameSender.class, paths.open(session, failure -> {}));
    }

    @Test
    void portableSendsTheSharedStringAndReportsTheResult() {
        StringBuilder sent = new StringBuilder();
        RemoteEndpoint.Async remote = proxy(RemoteEndpoint.Async.class, (method, args) -> {
            sent.append(args[0]);
            ((jakarta.websocket.SendHandler) args[1]).onResult(new jakarta.websocket.SendResult());
            return null;
        });
        Throwable[] result = {new AssertionError("not completed")};
        new PortableFrameSender(remote, failure -> result[0] = failure).send(TextFrame.of("42[\"é\"]"));
        assertEquals("42[\"é\"]", sent.toString());
        assertNull(result[0]);
    }

    @Test
    void withoutUndertowAutoIsPortableAndTheUndertowSenderIsNeverLoaded() throws Exception {
        try (Isolated loader = new Isolated()) {
            Class<?> type = loader.loadClass(WritePaths.class.getName());
            assertEquals(loader, type.getClassLoader(), "WritePaths is linked in the Undertow-less loader");
            Object paths = type.getConstructor().newInstance();
            start(type, paths, "auto").invoke(paths);
            assertEquals(WritePaths.PORTABLE, type.getMethod("name").invoke(paths));
            assertNull(loader.loaded(UndertowFrameSender.class.getName()), "UndertowFrameSender was loaded");
        }
    }

    @Test
    void withoutUndertowNativeFailsNamingTheKey() throws Exception {
        try (Isolated loader = new Isolated()) {
            Class<?> type = loader.loadClass(WritePaths.class.getName());
            Object paths = type.getConstructor().newInstance();
            Method start = start(type, paths, "native");
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> start.invoke(paths));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(
                    e.getCause().getMessage().contains("realtime.websocket.write-path"),
                    e.getCause().getMessage());
            assertNull(loader.loaded(UndertowFrameSender.class.getName()));
        }
    }

    /** Gives the isolated {@code WritePaths} a node; its {@code start()}, callable. */
    private static Method start(Class<?> type, Object paths, String writePath) throws ReflectiveOperationException {
        java.lang.reflect.Field node = type.getDeclaredField("node");
        node.setAccessible(true);
        node.set(paths, node(writePath));
        Method start = type.getDeclaredMethod("start");
        start.setAccessible(true);
        return start;
    }

    private static WritePaths paths(String writePath) {
        WritePaths paths = new WritePaths();
        paths.node = node(writePath);
        paths.start();
        return paths;
    }

    private static RealtimeNode node(String writePath) {
        Map<String, String> values =
                Map.of("realtime.node.id", "n", "realtime.app.secret", "s", "realtime.websocket.write-path", writePath);
        return new RealtimeNode(RealtimeSettings.from(key -> Optional.ofNullable(values.get(key))), new NoneBroker());
    }

    interface Answer {
        Object answer(Method method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> answer.answer(method, args)));
    }

    /** A parent that refuses every Undertow class, like a server without Undertow. */
    static final class WithoutUndertow extends ClassLoader {
        WithoutUndertow() {
            super(WritePathsTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.undertow.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    /** Loads this package's classes itself (child first) over {@link WithoutUndertow}. */
    static final class Isolated extends URLClassLoader {
        private static final String PACKAGE = WritePaths.class.getPackageName() + ".";

        Isolated() {
            super(
                    new URL[] {
                        WritePaths.class.getProtectionDomain().getCodeSource().getLocation()
                    },
                    new WithoutUndertow());
        }

        Class<?> loaded(String name) {
            return findLoadedClass(name);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> found = findLoadedClass(name);
                return found != null ? found : findClass(name);
            }
        }
    }
}
