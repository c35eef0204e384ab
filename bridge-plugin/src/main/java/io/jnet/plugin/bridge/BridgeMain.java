package io.jnet.plugin.bridge;

/** Entry point of the {@code bridge} CNI plugin. Placeholder until its issue lands: answers every call with a CNI error. */
public final class BridgeMain {
    private BridgeMain() {}

    public static void main(String[] args) {
        System.out.println("{\"cniVersion\":\"1.1.0\",\"code\":100,\"msg\":\"not implemented yet\",\"details\":\"the jnet bridge plugin is not built yet\"}");
        System.exit(1);
    }
}
