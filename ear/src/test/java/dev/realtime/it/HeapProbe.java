package dev.realtime.it;

import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The live heap of a WildFly node this test started, read through JMX: the test attaches to the
 * server's JVM (same machine, same user), starts its local management agent and asks the
 * {@link MemoryMXBean} for a full GC and then the heap in use. What is left after a full GC is
 * what the server retains, which is what the abuse tests bound.
 */
final class HeapProbe implements AutoCloseable {
    private final JMXConnector connector;
    private final MemoryMXBean memory;

    private HeapProbe(JMXConnector connector, MemoryMXBean memory) {
        this.connector = connector;
        this.memory = memory;
    }

    /** Connects to the JVM with process id {@code pid}. */
    static HeapProbe attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        MBeanServerConnection mbeans = connector.getMBeanServerConnection();
        return new HeapProbe(
                connector,
                ManagementFactory.newPlatformMXBeanProxy(
                        mbeans, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class));
    }

    /** Bytes of heap in use right after a full GC (two, so finalizable garbage goes too). */
    long liveBytesAfterGc() {
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() throws Exception {
        connector.close();
    }
}
