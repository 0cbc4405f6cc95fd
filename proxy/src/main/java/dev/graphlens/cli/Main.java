package dev.graphlens.cli;

import dev.graphlens.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code graphlens [run|trust|env|explain|report|permissions] [options]}; run is the default. */
@Command(name = "graphlens", mixinStandardHelpOptions = true, version = "GraphLens 0.1.0",
        description = "A live HTTPS proxy that explains Microsoft Graph authorization failures.",
        footer = {"", "Files (as resolved here; each command's --help shows its own):",
                "  config: " + Locations.CONFIG_FILE,
                "          and the data files beside it; any absent there is read from the",
                "          copy built into the jar",
                "  certs:  " + Locations.CERTS_DIR + " (the root CA, made on first start)",
                "  logs:   " + Locations.STATE + "/logs",
                "From a checkout (./graphlens) all three are in the checkout. From the",
                "distribution (bin/graphlens) config/ is in the unpacked directory, and certs/",
                "and logs/ are in ~/.graphlens ($GRAPHLENS_STATE overrides): one CA per user.",
                "",
                "Exit codes: 0 done; 1 permissions: the endpoint is not in the catalog;",
                "2 bad command line, settings or input file; 3 the CA cannot be read or made;",
                "4 the system trust store cannot be written."},
        subcommands = {RunCommand.class, CaCommand.class, EnvCommand.class, ExplainCommand.class, ReportCommand.class,
                PermissionsCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        useRepoLoggingConfig();
        sampleNoBuffersForLeaks();
        String[] effective = args;
        if (args.length == 0 || args[0].startsWith("-") && !isTopLevelFlag(args[0])) {
            effective = prepend("run", args);
        }
        System.exit(commandLine().execute(effective));
    }

    /** The command line as users get it: a bad option, a bad settings or data file, or an unreadable input file is one line and exit code 2. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(new UsageErrors());
        cli.setExecutionExceptionHandler((ex, command, parsed) -> {
            if (ex instanceof ConfigException) {
                command.getErr().println("graphlens: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof IOException io) {
                command.getErr().println("graphlens: " + (io instanceof NoSuchFileException ? "no such file: " : "") + io.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli;
    }

    private static boolean isTopLevelFlag(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("--version") || arg.equals("-V");
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /**
     * Netty's default leak detection records a stack trace for one buffer in 128: about 10% of the
     * proxy's CPU per request. The test suite runs at paranoid and fails on any leak report, so the
     * shipped proxy skips it unless -Dio.netty.leakDetection.level asks for it. Set before any Netty
     * class reads it.
     */
    private static void sampleNoBuffersForLeaks() {
        if (System.getProperty("io.netty.leakDetection.level") == null && System.getProperty("io.netty.leakDetectionLevel") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
    }

    /** config/logback.xml is the contract's logging file; the jar carries a fallback. */
    private static void useRepoLoggingConfig() {
        Path repoConfig = Path.of(System.getProperty("graphlens.home", "."), "config", "logback.xml");
        if (System.getProperty("logback.configurationFile") == null && Files.isRegularFile(repoConfig)) {
            System.setProperty("logback.configurationFile", repoConfig.toAbsolutePath().toString());
        }
    }
}
