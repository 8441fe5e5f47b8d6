using System.Management.Automation;

namespace CloudWatcher.HelpGen;

/// <summary>
/// HelpGen: docs/help/*.md + the staged module's real metadata → MAML help. Exit 0 when the help was written,
/// 1 when pages have problems (one line each; nothing is written), 2 on bad arguments or when the module can't load.
/// </summary>
internal static class Program
{
    private const int ExitOk = 0;
    private const int ExitProblems = 1;
    private const int ExitError = 2;

    private const string Usage = """
        Usage: dotnet HelpGen.dll --module <staged .psd1> --docs <docs/help dir> --out <en-US/<Dll>-Help.xml> [--update]

          --module   manifest of the staged module; it is imported to read the exported cmdlets' parameters
          --docs     folder of <Cmdlet-Name>.md pages (format: docs/help/README.md)
          --out      MAML file to write (atomically), e.g. out/CloudWatcher/en-US/CloudWatcher.PowerShell.dll-Help.xml
          --update   create a skeleton page for a cmdlet without one and add sections for undocumented parameters;
                     the placeholders they hold still fail the run until they are written
        Exit code: 0 help written, 1 problems in the pages (one line each), 2 bad arguments or the module failed to load.
        """;

    private static int Main(string[] args)
    {
        Options? options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"HelpGen: {e.Message}");
            Console.Error.WriteLine(Usage);
            return ExitError;
        }

        if (options is null)
        {
            Console.WriteLine(Usage);
            return ExitOk;
        }

        ModuleCommands commands;
        try
        {
            commands = ModuleCommands.Import(options.Module);
        }
        catch (Exception e) when (e is RuntimeException or InvalidOperationException or IOException)
        {
            string reason = e is RuntimeException runtime ? runtime.ErrorRecord.Exception.Message : e.Message;
            Console.Error.WriteLine($"HelpGen: could not import module '{options.Module}': {reason}");
            return ExitError;
        }

        using (commands)
        {
            return Run(options, commands);
        }
    }

    private static int Run(Options options, ModuleCommands commands)
    {
        if (commands.Cmdlets.Count == 0)
        {
            Console.Error.WriteLine($"HelpGen: module '{commands.Module.Name}' exports no cmdlets.");
            return ExitError;
        }

        var problems = new List<string>();
        var pages = new List<(CmdletInfo Cmdlet, CommandHelp Help)>();
        Dictionary<string, string> files = Directory.EnumerateFiles(options.Docs, "*.md")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.OrdinalIgnoreCase);

        // Parameters every cmdlet shares (the connection parameters) are written once, in _Shared.md, and used
        // wherever a page does not document them itself.
        string sharedPath = Path.Combine(options.Docs, SharedPageName);
        List<HelpParameter> shared = File.Exists(sharedPath)
            ? MarkdownHelpReader.Read(sharedPath, Display(sharedPath)).Parameters
            : [];

        var context = new HelpContext(
            commands.Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase), options.Docs);

        string outName = Path.GetFileName(options.Out);
        foreach (string helpFile in commands.Cmdlets.Select(c => c.HelpFile).Distinct(StringComparer.Ordinal))
        {
            if (!string.Equals(helpFile, outName, StringComparison.Ordinal))
            {
                problems.Add($"{Display(options.Out)}: Get-Help looks for the cmdlets' help in '{helpFile}', not '{outName}'");
            }
        }

        foreach (CmdletInfo cmdlet in commands.Cmdlets)
        {
            string path = Path.Combine(options.Docs, cmdlet.Name + ".md");
            files.Remove(cmdlet.Name, out string? existing);
            if (existing is not null && Path.GetFileName(existing) != cmdlet.Name + ".md")
            {
                problems.Add($"{Display(existing)}: rename to {cmdlet.Name}.md (the name must match the cmdlet's exactly)");
                continue;
            }

            if (existing is null)
            {
                if (!options.Update)
                {
                    problems.Add($"{Display(path)}: no help page for exported cmdlet {cmdlet.Name} (run with --update to create one)");
                    continue;
                }

                PageUpdater.CreateSkeleton(path, cmdlet);
                Console.WriteLine($"{Display(path)}: created a skeleton page; fill in the {{{{ }}}} placeholders");
            }

            CommandHelp help = WithShared(MarkdownHelpReader.Read(path, Display(path)), cmdlet, shared);
            if (options.Update && existing is not null)
            {
                int added = PageUpdater.AddMissingParameters(path, cmdlet, help);
                if (added > 0)
                {
                    Console.WriteLine($"{help.Path}: added {added} parameter section(s); fill in the {{{{ }}}} placeholders");
                    help = WithShared(MarkdownHelpReader.Read(path, Display(path)), cmdlet, shared);
                }
            }

            problems.AddRange(HelpValidator.Check(cmdlet, help, context).Select(p => $"{help.Path}: {p}"));
            pages.Add((cmdlet, help));
        }

        foreach (string stray in files.Values.Where(f => !IsNotACmdletPage(f)))
        {
            problems.Add($"{Display(stray)}: page for a cmdlet the module does not export (renamed or removed?)");
        }

        if (problems.Count > 0)
        {
            foreach (string problem in problems)
            {
                Console.Error.WriteLine(problem);
            }

            Console.Error.WriteLine($"HelpGen: {problems.Count} problem(s); {Display(options.Out)} was not written.");
            return ExitProblems;
        }

        MamlWriter.WriteAtomically(options.Out, pages);
        Console.WriteLine($"HelpGen: wrote help for {pages.Count} cmdlet(s) to {Display(options.Out)}");
        return ExitOk;
    }

    private const string SharedPageName = "_Shared.md";

    private static CommandHelp WithShared(CommandHelp help, CmdletInfo cmdlet, List<HelpParameter> shared)
    {
        foreach (HelpParameter common in shared)
        {
            if (help.FindParameter(common.Name) is null && cmdlet.Parameters.ContainsKey(common.Name))
            {
                help.Parameters.Add(common);
            }
        }

        return help;
    }

    private static bool IsNotACmdletPage(string path)
    {
        string name = Path.GetFileName(path);
        return name.Equals("README.md", StringComparison.OrdinalIgnoreCase)
               || name.Equals(SharedPageName, StringComparison.OrdinalIgnoreCase)
               || name.StartsWith("about_", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Paths in messages are relative to the working directory, as a build log reads best.</summary>
    private static string Display(string path)
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(path));
        return relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(path) : relative;
    }

    private sealed record Options(string Module, string Docs, string Out, bool Update)
    {
        /// <summary>Returns null when help was asked for; throws ArgumentException on bad arguments.</summary>
        public static Options? Parse(string[] args)
        {
            string? module = null, docs = null, output = null;
            bool update = false;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i].ToLowerInvariant())
                {
                    case "--help" or "-h" or "-?":
                        return null;
                    case "--update":
                        update = true;
                        break;
                    case "--module":
                        module = Value(args, ref i);
                        break;
                    case "--docs":
                        docs = Value(args, ref i);
                        break;
                    case "--out":
                        output = Value(args, ref i);
                        break;
                    default:
                        throw new ArgumentException($"unknown argument '{args[i]}'.");
                }
            }

            if (module is null || docs is null || output is null)
            {
                throw new ArgumentException("--module, --docs and --out are all required.");
            }

            if (!File.Exists(module))
            {
                throw new ArgumentException($"module manifest '{module}' was not found.");
            }

            if (!Directory.Exists(docs))
            {
                throw new ArgumentException($"docs folder '{docs}' was not found.");
            }

            return new Options(module, docs, output, update);
        }

        private static string Value(string[] args, ref int i)
        {
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"{args[i]} needs a value.");
            }

            return args[++i];
        }
    }
}
