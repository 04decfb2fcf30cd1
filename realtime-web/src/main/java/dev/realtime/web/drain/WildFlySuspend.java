package dev.realtime.web.drain;

import dev.realtime.ops.Drain;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The drain's first hook on WildFly: an activity of the server's suspend controller. When the server
 * suspends (a SIGTERM, {@code :shutdown(suspend-timeout=…)}, {@code :suspend}) its prepare phase
 * {@linkplain Drain#begin() begins the drain} and returns once the clients were told to go. This
 * must happen then: in the suspend phase that follows, Undertow pauses its WebSocket container,
 * which closes every session with 1001, long before the application is stopped. A resume ends the
 * drain (unless the application is stopping already).
 *
 * <p>WildFly's own types are reached by reflection (the WAR's {@code jboss-deployment-structure.xml}
 * makes the modules {@code org.jboss.as.server} and {@code org.jboss.msc} visible), so the module
 * compiles and runs on any server; elsewhere {@link #register} returns {@code null}. The suspend
 * controller is a value of WildFly's service container that only a service can require, so the
 * hook installs a small service there for the application's lifetime.
 */
final class WildFlySuspend implements InvocationHandler {
    private static final Logger LOG = Logger.getLogger(WildFlySuspend.class.getName());
    private static final String PACKAGE = "org.jboss.as.server.suspend.";
    private static final String MSC = "org.jboss.msc.";
    /** The suspend controller's capability, which names its service. */
    private static final String CONTROLLER = "org.wildfly.server.suspend-controller";

    private final Drain drain;
    private final Class<?> activityType;
    private final Object activity;
    private volatile Object registry;
    private Object service;

    private WildFlySuspend(Drain drain, Class<?> activityType, ClassLoader loader) {
        this.drain = drain;
        this.activityType = activityType;
        this.activity = Proxy.newProxyInstance(loader, new Class<?>[] {activityType}, this);
    }

    /**
     * The hook: a service of the server's own (MSC) container that requires the suspend controller
     * and, once started, registers the drain with it as a first-priority activity; {@code null} when
     * this is not WildFly.
     */
    static WildFlySuspend register(Drain drain) {
        ClassLoader loader = WildFlySuspend.class.getClassLoader();
        try {
            Class<?> activityType = Class.forName(PACKAGE + "SuspendableActivity", false, loader);
            Class<?> nameType = Class.forName(MSC + "service.ServiceName", false, loader);
            Class<?> targetType = Class.forName(MSC + "service.ServiceTarget", false, loader);
            Class<?> builderType = Class.forName(MSC + "service.ServiceBuilder", false, loader);
            Class<?> serviceType = Class.forName(MSC + "Service", false, loader);
            Object container = Class.forName("org.jboss.as.server.CurrentServiceContainer", false, loader)
                    .getMethod("getServiceContainer")
                    .invoke(null);
            WildFlySuspend hook = new WildFlySuspend(drain, activityType, loader);
            Object builder = targetType.getMethod("addService").invoke(container);
            Supplier<?> controller = (Supplier<?>) builderType
                    .getMethod("requires", nameType)
                    .invoke(builder, nameType.getMethod("parse", String.class).invoke(null, CONTROLLER));
            Object instance = Proxy.newProxyInstance(
                    loader, new Class<?>[] {serviceType}, (proxy, method, args) -> switch (method.getName()) {
                        case "start" -> {
                            hook.attach(controller.get());
                            yield null;
                        }
                        case "stop" -> {
                            hook.detach();
                            yield null;
                        }
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "toString" -> "realtime drain hook";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            builderType.getMethod("setInstance", serviceType).invoke(builder, instance);
            hook.service = builderType.getMethod("install").invoke(builder);
            return hook;
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return null; // not WildFly
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not hook the drain into WildFly's suspend", e);
            return null;
        }
    }

    /** Registers the activity with the suspend controller (called by the hook's service when it starts). */
    private void attach(Object suspendController) throws ReflectiveOperationException {
        ClassLoader loader = WildFlySuspend.class.getClassLoader();
        Class<?> registryType = Class.forName(PACKAGE + "SuspendableActivityRegistry", false, loader);
        Class<?> priorityType = Class.forName(PACKAGE + "SuspendableActivityRegistry$SuspendPriority", false, loader);
        registryType
                .getMethod("registerActivity", activityType, priorityType)
                .invoke(
                        suspendController,
                        activity,
                        priorityType.getField("FIRST").get(null));
        registry = suspendController;
        LOG.fine("The drain begins when WildFly suspends");
    }

    private void detach() throws ReflectiveOperationException {
        Object current = registry;
        if (current != null) {
            registry = null;
            Class<?> registryType = Class.forName(
                    PACKAGE + "SuspendableActivityRegistry", false, WildFlySuspend.class.getClassLoader());
            registryType.getMethod("unregisterActivity", activityType).invoke(current, activity);
        }
    }

    /** Removes the hook and its service (the application stops). */
    void unregister() {
        try {
            detach();
            ClassLoader loader = WildFlySuspend.class.getClassLoader();
            Class<?> controllerType = Class.forName(MSC + "service.ServiceController", false, loader);
            Class<?> modeType = Class.forName(MSC + "service.ServiceController$Mode", false, loader);
            controllerType
                    .getMethod("setMode", modeType)
                    .invoke(service, modeType.getField("REMOVE").get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "Could not remove the drain's hook from WildFly's suspend", e);
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
