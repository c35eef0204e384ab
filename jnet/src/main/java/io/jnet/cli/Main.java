package io.jnet.cli;

import io.jnet.context.CallContext;
import io.jnet.netlink.NetlinkException;
import io.jnet.runtime.Errors;
import io.jnet.runtime.JnetException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code jnet} command line: namespaces, networks, attachments and the red/blue lab. */
@Command(name = "jnet", mixinStandardHelpOptions = true, version = "jnet 0.1.0",
        description = "Container networking by hand: namespaces, bridges, CNI plugins.",
        footerHeading = "%nExamples:%n",
        footer = {"  jnet lab up                 build the red/blue lab and prove it works",
                "  jnet netns add web && jnet attach web -p 8080:80",
                "  jnet ps                     list attachments",
                "",
                "Exit codes:",
                "  0 ok, 1 failed, 2 bad usage, 3 not found, 4 conflict (exists, in use, port taken),",
                "  5 permission (run as root), 6 a lab proof failed"})
public final class Main implements Runnable {
    /** The subcommands, in the order the usage lists them; registered by {@link #commandLine(String[])}. */
    static final List<Class<?>> SUBCOMMANDS = List.of(NetnsCommand.class, NetCommand.class, AttachCommand.class,
            DetachCommand.class, CheckCommand.class, PsCommand.class, GcCommand.class, StatusCommand.class, LabCommand.class,
            InstallCommand.class, ServeHttpCommand.class, EngineCommand.class, GraphCommand.class, TraceCommand.class,
            RunCommand.class, ExecCommand.class, LogsCommand.class, StopCommand.class, RmCommand.class, InspectCommand.class,
            ImageCommand.class, VolumeCommand.class, ContainerShimCommand.class, PortCommand.class, ReloadCommand.class);

    /** Global options that take the next argument as their value: GlobalOptions' options that are not flags. */
    private static final Set<String> VALUED = Arrays.stream(GlobalOptions.class.getDeclaredFields())
            .filter(f -> f.isAnnotationPresent(CommandLine.Option.class) && f.getType() != boolean.class)
            .flatMap(f -> Arrays.stream(f.getAnnotation(CommandLine.Option.class).names()))
            .collect(Collectors.toUnmodifiableSet());

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with every subcommand and jnet's error handling. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args}, with jnet's error handling: one line per error, with a hint, and mapped
     * exit codes. Only the subcommand {@code args} names is registered when it names one: picocli reflects over
     * every option of every command it is given, which costs a warm engine ~10 ms a call for all of them; the
     * usage and "did you mean" need them all, so anything else gets every subcommand.
     */
    public static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> named = subcommandNamed(firstWord(args));
        for (Class<?> c : named == null ? SUBCOMMANDS : List.of(named)) {
            // a CommandLine of its own first: handed the bare object, addSubcommand lost what the command's model
            // transformer sets (run and exec stop at the image's command, so its options reach the container)
            cl.addSubcommand(new CommandLine(instantiate(c)));
        }
        cl.setExecutionExceptionHandler(Main::onError);
        cl.setParameterExceptionHandler(Main::onBadUsage);
        return cl;
    }

    /** The first argument that is neither an option nor a global option's value; null if there is none. */
    static String firstWord(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (!a.startsWith("-")) {
                return a;
            }
            if (VALUED.contains(a)) {
                i++;
            }
        }
        return null;
    }

    private static Class<?> subcommandNamed(String word) {
        if (word == null) {
            return null;
        }
        for (Class<?> c : SUBCOMMANDS) {
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(word) || Arrays.asList(command.aliases()).contains(word)) {
                return c;
            }
        }
        return null;
    }

    private static Object instantiate(Class<?> c) {
        try {
            Constructor<?> ctor = c.getDeclaredConstructor();
            ctor.setAccessible(true);
            return ctor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the " + c.getSimpleName() + " command", e);
        }
    }

    public static void main(String[] args) {
        CallContext call = CallContext.current();
        CommandLine cl = commandLine(args);
        if (call.isHosted()) {
            // Run by the engine: the caller's streams (the engine routes System.out/err per call as well).
            cl.setOut(new PrintWriter(call.stdout(), true));
            cl.setErr(new PrintWriter(call.stderr(), true));
        }
        call.exit(cl.execute(args));
    }

    private static int onError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        JnetException je;
        if (e instanceof JnetException j) {
            je = j;
        } else if (e instanceof NetlinkException ne) {
            je = Errors.kernel("kernel refused", ne);
        } else {
            je = JnetException.failed(e.getClass().getSimpleName() + ": " + e.getMessage(),
                    "this looks like a bug in jnet; JNET_DEBUG=1 shows the stack trace", e);
        }
        if (CallContext.current().getenv("JNET_DEBUG") != null) {
            e.printStackTrace();
        }
        report(cl.getErr(), je.getMessage(), je.hint());
        return je.kind().exitCode();
    }

    private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        String hint = name + " --help shows the usage";
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = "did you mean " + String.join(" or ", u.getSuggestions()) + "? " + hint;
        }
        report(cl.getErr(), e.getMessage(), hint);
        return JnetException.Kind.USAGE.exitCode();
    }

    static void report(PrintWriter err, String message, String hint) {
        err.println("jnet: " + oneLine(message) + (hint == null || hint.isEmpty() ? "" : " (hint: " + oneLine(hint) + ")"));
        err.flush();
    }

    /** Control characters (a newline in a name the user gave) escaped, so an error stays one line. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
