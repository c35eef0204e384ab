package io.jnet.plugin.ipam;

/** Entry point of the {@code host-local} CNI plugin. Placeholder until its issue lands: answers every call with a CNI error. */
public final class HostLocalMain {
    private HostLocalMain() {}

    public static void main(String[] args) {
        System.out.println("{\"cniVersion\":\"1.1.0\",\"code\":100,\"msg\":\"not implemented yet\",\"details\":\"the jnet host-local plugin is not built yet\"}");
        System.exit(1);
    }
}
