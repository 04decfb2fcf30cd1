package dev.realtime.web.drain;

import dev.realtime.ops.Drain;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The drain's first hook on WildFly: an activity of the server's suspend controller. When the server
 * suspends (a SIGTERM, {@code :shutdown(suspend-timeout=…)}, {@code :suspend}) its prepare phase
 * {@linkplain Drain#begin() begins the drain} and returns once the clients were told to go. This
 * must happen then: in the suspend phase that follows, Undertow pauses its WebSocket container,
 * which closes every session with 1001, long before the application is stopped. A resume ends a
 * drain that had not told its clients yet.
 *
 * <p>WildFly's own types are reached by reflection (the WAR's {@code jboss-deployment-structure.xml}
 * makes the modules {@code org.jboss.as.server} and {@code org.jboss.msc} visible), so the module
 * compiles and runs on any server; elsewhere {@link #register} returns {@code null}.
 */
final class WildFlySuspend implements InvocationHandler {
    private static final Logger LOG = Logger.getLogger(WildFlySuspend.class.getName());
    private static final String PACKAGE = "org.jboss.as.server.suspend.";
    private static final String[] CONTROLLER_NAMES = {
        "org.wildfly.server.suspend-controller", "jboss.server.suspend-controller"
    };

    private final Drain drain;
    private Object registry;
    private Object activity;
    private Class<?> activityType;

    private WildFlySuspend(Drain drain) {
        this.drain = drain;
    }

    /** The hook, registered with the server's suspend controller; {@code null} when this is not WildFly. */
    static WildFlySuspend register(Drain drain) {
        ClassLoader loader = WildFlySuspend.class.getClassLoader();
        try {
            Class<?> activityType = Class.forName(PACKAGE + "SuspendableActivity", false, loader);
            Class<?> registryType = Class.forName(PACKAGE + "SuspendableActivityRegistry", false, loader);
            Class<?> priorityType =
                    Class.forName(PACKAGE + "SuspendableActivityRegistry$SuspendPriority", false, loader);
            Object registry = suspendController(loader);
            if (registry == null || !registryType.isInstance(registry)) {
                LOG.fine("No suspend controller found: the drain begins when the application stops");
                return null;
            }
            WildFlySuspend hook = new WildFlySuspend(drain);
            hook.activityType = activityType;
            hook.activity = Proxy.newProxyInstance(loader, new Class<?>[] {activityType}, hook);
            hook.registry = registry;
            registryType
                    .getMethod("registerActivity", activityType, priorityType)
                    .invoke(
                            registry,
                            hook.activity,
                            priorityType.getField("FIRST").get(null));
            LOG.fine("Registered the drain with WildFly's suspend controller");
            return hook;
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return null; // not WildFly
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not register the drain with WildFly's suspend controller", e);
            return null;
        }
    }

    private static Object suspendController(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> nameType = Class.forName("org.jboss.msc.service.ServiceName", false, loader);
        Class<?> serviceRegistry = Class.forName("org.jboss.msc.service.ServiceRegistry", false, loader);
        Class<?> controllerType = Class.forName("org.jboss.msc.service.ServiceController", false, loader);
        Object container = Class.forName("org.jboss.as.server.CurrentServiceContainer", false, loader)
                .getMethod("getServiceContainer")
                .invoke(null);
        for (String name : CONTROLLER_NAMES) {
            Object service = serviceRegistry
                    .getMethod("getService", nameType)
                    .invoke(container, nameType.getMethod("parse", String.class).invoke(null, name));
            if (service != null) {
                return controllerType.getMethod("getValue").invoke(service);
            }
        }
        return null;
    }

    /** Removes the hook (the application stops). */
    void unregister() {
        try {
            registry.getClass().getMethod("unregisterActivity", activityType).invoke(registry, activity);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "Could not unregister the drain from the suspend controller", e);
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "prepare" -> {
                drain.begin(); // blocks the suspend for the grace period and the clients' signals
                return CompletableFuture.completedFuture(null);
            }
            case "suspend" -> {
                return CompletableFuture.completedFuture(null);
            }
            case "resume" -> {
                drain.resume();
                return CompletableFuture.completedFuture(null);
            }
            case "equals" -> {
                return proxy == args[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "toString" -> {
                return "realtime drain";
            }
            default -> throw new UnsupportedOperationException(method.getName());
        }
    }
}
