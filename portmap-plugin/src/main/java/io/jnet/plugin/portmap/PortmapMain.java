package io.jnet.plugin.portmap;

/** Entry point of the {@code portmap} CNI plugin. Placeholder until its issue lands: answers every call with a CNI error. */
public final class PortmapMain {
    private PortmapMain() {}

    public static void main(String[] args) {
        System.out.println("{\"cniVersion\":\"1.1.0\",\"code\":100,\"msg\":\"not implemented yet\",\"details\":\"the jnet portmap plugin is not built yet\"}");
        System.exit(1);
    }
}
