package io.jnet.containers.spec;

import io.jnet.containers.ContainerException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cgroup limits of {@code jnet run}, parsed and range-checked the way docker does: {@code --memory 32m}
 * (at least 6 MiB, or the container cannot even start), {@code --cpus 0.5} (a CFS quota over a 100 ms
 * period, at most the machine's CPUs), {@code --pids-limit 16}.
 *
 * @param memoryBytes 0 for no limit
 * @param cpuQuotaMicros 0 for no limit; the period is {@link #CPU_PERIOD_MICROS}
 * @param pids 0 for no limit
 */
public record Limits(long memoryBytes, long cpuQuotaMicros, long pids) {
    public static final long CPU_PERIOD_MICROS = 100_000;
    public static final long MIN_MEMORY = 6L << 20;
    private static final Pattern SIZE = Pattern.compile("([0-9]+)([bkmg]?)(i?b?)?");

    public static Limits none() {
        return new Limits(0, 0, 0);
    }

    public boolean isEmpty() {
        return memoryBytes == 0 && cpuQuotaMicros == 0 && pids == 0;
    }

    /** All three options as typed (null when absent). */
    public static Limits parse(String memory, String cpus, String pidsLimit, int onlineCpus) {
        return new Limits(memory == null ? 0 : memory(memory), cpus == null ? 0 : cpuQuota(cpus, onlineCpus),
                pidsLimit == null ? 0 : pids(pidsLimit));
    }

    /** {@code 32m}, {@code 1g}, {@code 64MiB}, {@code 1048576} (bytes). */
    static long memory(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw ContainerException.usage("bad --memory '" + text + "'", "write a size such as 32m, 512m or 1g");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw ContainerException.usage("--memory " + text + " is out of range", "write a size such as 32m, 512m or 1g");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        if (n > (Long.MAX_VALUE >> 1) >> shift) {
            throw ContainerException.usage("--memory " + text + " is out of range", "write a size such as 32m, 512m or 1g");
        }
        long bytes = n << shift;
        if (bytes < MIN_MEMORY) {
            throw ContainerException.usage("--memory " + text + " is below the minimum of 6m", "give the container at least 6m");
        }
        return bytes;
    }

    /** {@code --cpus 0.5}: the quota in microseconds per 100 ms period. */
    static long cpuQuota(String text, int onlineCpus) {
        double cpus;
        try {
            cpus = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw ContainerException.usage("bad --cpus '" + text + "'", "write a number of CPUs such as 0.5 or 2");
        }
        if (!(cpus >= 0.01) || cpus > onlineCpus) {
            throw ContainerException.usage("--cpus " + text + " is out of range", "the range is 0.01 to " + onlineCpus + " (the CPUs of this machine)");
        }
        return Math.round(cpus * CPU_PERIOD_MICROS);
    }

    static long pids(String text) {
        long n;
        try {
            n = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ContainerException.usage("bad --pids-limit '" + text + "'", "write a whole number of processes, e.g. 100");
        }
        if (n < 1 || n > 4_194_304) {
            throw ContainerException.usage("--pids-limit " + text + " is out of range", "the range is 1 to 4194304");
        }
        return n;
    }
}
