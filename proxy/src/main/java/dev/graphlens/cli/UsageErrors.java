package dev.graphlens.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A mistake on the command line is one line on stderr and exit code 2: it names the unknown option
 * or command (picocli's own wording counts from index 0 and lists every word after it) and says
 * where the usage is.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    static final int EXIT = 2;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        String command = cli.getCommandSpec().qualifiedName();
        cli.getErr().println("graphlens: " + problem(ex, cli) + " (see: " + command + " --help)");
        return EXIT;
    }

    private static String problem(ParameterException ex, CommandLine cli) {
        if (!(ex instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return ex.getMessage();
        }
        List<String> words = unmatched.getUnmatched();
        String option = words.stream().filter(w -> w.startsWith("-")).findFirst().orElse(null);
        if (option != null) {
            return "unknown option '" + option + "'";
        }
        if (!cli.getSubcommands().isEmpty()) {
            return "unknown command '" + words.get(0) + "'; the commands are " + String.join(", ", cli.getSubcommands().keySet());
        }
        return "unexpected argument '" + words.get(0) + "'";
    }
}
