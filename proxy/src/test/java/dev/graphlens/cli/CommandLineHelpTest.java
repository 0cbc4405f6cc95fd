package dev.graphlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.support.CliRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** graphlens --help and graphlens COMMAND --help answer; a mistake is one line naming it, exit code 2. */
class CommandLineHelpTest {

    static List<CommandSpec> commands() {
        CommandLine top = Main.commandLine();
        List<CommandSpec> all = new ArrayList<>(List.of(top.getCommandSpec()));
        top.getSubcommands().values().stream().map(CommandLine::getCommandSpec).distinct()
                .filter(c -> !c.name().equals("help")).forEach(all::add);
        return all;
    }

    @Test
    void everyOptionOfEveryCommandStatesItsDefault() {
        List<String> silent = new ArrayList<>();
        for (CommandSpec command : commands()) {
            List<ArgSpec> args = new ArrayList<>(command.options().stream()
                    .filter(o -> !o.hidden() && !o.usageHelp() && !o.versionHelp()).toList());
            command.positionalParameters().stream().filter(p -> !p.required()).forEach(args::add);
            for (ArgSpec arg : args) {
                if (!String.join(" ", arg.description()).contains("(default: ")) {
                    silent.add(command.qualifiedName() + " " + (arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel()));
                }
            }
        }
        assertEquals(List.of(), silent, "options whose --help does not say their default");
    }

    @Test
    void helpResolvesEveryDefaultToAPathOrValue() {
        for (CommandSpec command : commands()) {
            String usage = command.commandLine().getUsageMessage();
            assertFalse(usage.contains("${"), usage);
        }
    }

    @Test
    void topLevelHelpSaysWhereConfigCertsAndLogsAre() {
        String help = CliRun.stdout("--help");
        for (String what : List.of("config", "certs", "logs", "built into the jar", "~/.graphlens", "Exit codes")) {
            assertTrue(help.contains(what), what + " in:\n" + help);
        }
    }

    @Test
    void anUnknownOptionIsOneLineNamingIt() {
        String err = CliRun.stderr(2, "run", "--prot", "8080");
        assertEquals("graphlens: unknown option '--prot' (see: graphlens run --help)", err.strip());
    }

    @Test
    void anUnknownCommandIsOneLineNamingItAndTheCommands() {
        String err = CliRun.stderr(2, "serve");
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("graphlens: unknown command 'serve'; the commands are run, trust, ca, env, explain"), err);
    }

    @Test
    void aSurplusArgumentIsNamedAsSuch() {
        String err = CliRun.stderr(2, "report", "a.jsonl", "b.jsonl");
        assertEquals("graphlens: unexpected argument 'b.jsonl' (see: graphlens report --help)", err.strip());
    }

    @Test
    void aConfigFileThatDoesNotExistIsATypoNotTheDefaults() {
        String err = CliRun.stderr(2, "permissions", "GET", "/v1.0/me", "--config", "no-such-dir/graphlens.json");
        assertEquals("graphlens: no-such-dir/graphlens.json: no such settings file (--config)", err.strip());
    }
}
