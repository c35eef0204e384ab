package io.jnet.containers.image;

/** This machine's platform in the image formats' words (GOARCH names). */
public final class Platform {
    private Platform() {}

    public static String architecture() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> a;
        };
    }
}
