// Facebench build. Run through ./build.sh (or ./build.ps1): ./build.sh --target=<name> [--configuration=Release]
//
//   clean    delete build outputs (artifacts/, bin/, obj/)
//   assets   install the native assets later stages need (idempotent; says what to run without rights)
//   build    compile the solution: the host and its plugins land in artifacts/facebench/<configuration>/
//   test     assets + build, then every tests/*.Tests project; ends with "N passed, N failed, N skipped"
//   audit    assets + build, then run pipelines/audit.yaml into reports/audit/<run-id>/
//   compare  assets + build, then run the model comparisons into reports/: compare-models.yaml (landmark fitting on
//            synthetic faces of every model), compare-photometric.yaml (analysis by synthesis on renders of the
//            reference head with its procedural albedo) and compare-photometric-photos.yaml (the same on the real
//            photos: LFPW, dlib's examples, scikit-image's astronaut). FACEBENCH_FLAME/BFM(_TEXTURE) add those models
//   nightly  build, run pipelines/nightly.yaml into reports/nightly/<run-id>/ and refresh reports/nightly/index.html
//   bench    build Release, then run every bench/* BenchmarkDotNet project (--bench-filter=<glob> to narrow)
//   slurm    assets + build, then pipelines/audit.yaml and audit-images.yaml (--slurm-pipelines=a,b) each as a Slurm
//            array job of --shards=N shards on a single-node localhost cluster (build/slurm/), merged and compared
//            with an unsharded run
//   screenshots  headless-Chromium screenshots of the newest report of each pipeline under reports/ (and the nightly
//            index) into artifacts/screenshots/, to look at the figures as a reader would
using System.Xml.Linq;

var target = Argument("target", "test");
var configuration = Argument("configuration", "Release");
var benchFilter = Argument("bench-filter", "*");
var pipelineArgs = Argument("pipeline-args", "");
var shards = Argument("shards", 4);
var slurmPipelines = Argument("slurm-pipelines", "audit,audit-images");

// Cake runs with the script's folder (build/) as its working directory; the repository is its parent.
var root = MakeAbsolute(Directory(".."));
var solution = root.CombineWithFilePath("Facebench.sln");
var host = root.Combine($"artifacts/facebench/{configuration}").CombineWithFilePath("facebench.dll");
var testResults = root.Combine("artifacts/test-results");

Task("clean")
    .Description("Delete build outputs.")
    .Does(() =>
{
    foreach (var dir in new[] { "artifacts", "BenchmarkDotNet.Artifacts" })
    {
        if (DirectoryExists(root.Combine(dir))) DeleteDirectory(root.Combine(dir), new DeleteDirectorySettings { Recursive = true, Force = true });
    }
    foreach (var dir in GetDirectories($"{root}/{{src,plugins,tests,bench}}/*/{{bin,obj}}"))
    {
        DeleteDirectory(dir, new DeleteDirectorySettings { Recursive = true, Force = true });
    }
});

Task("assets")
    .Description("Install native assets (Debian packages, npm tarballs) that plugins need; idempotent.")
    .Does(() =>
{
    var assets = ReadAssets();
    var missingDebian = assets.Where(a => a.Kind == "debian" && !FileExists(a.Probe)).ToList();
    var missingNpm = assets.Where(a => a.Kind == "npm" && !FileExists(root.CombineWithFilePath(a.Destination))).ToList();
    if (missingDebian.Count == 0 && missingNpm.Count == 0)
    {
        Information(assets.Count == 0 ? "assets: no native assets are declared." : $"assets: all {assets.Count} native assets are installed.");
        return;
    }
    if (missingDebian.Count > 0)
    {
        var packages = string.Join(" ", missingDebian.Select(m => m.Package).Distinct());
        if (!IsRoot())
        {
            throw new CakeException($"assets: missing Debian packages ({packages}); run: sudo apt-get update && sudo apt-get install -y {packages}");
        }
        foreach (var m in missingDebian) Information($"assets: installing {m.Package} ({m.Purpose})");
        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        Run("apt-get", "update -qq", env: env);
        Run("apt-get", $"install -y -qq --no-install-recommends {packages}", env: env);
    }
    foreach (var m in missingNpm)
    {
        Information($"assets: fetching {m.Package} ({m.Purpose})");
        var scratch = root.Combine("artifacts/npm");
        EnsureDirectoryExists(scratch);
        // One download per package version, however many files are taken from it (npm names the tarball
        // <name>-<version>.tgz, a scope's '@' dropped and its '/' made '-').
        int at = m.Package.LastIndexOf('@');
        var tarball = scratch.CombineWithFilePath($"{m.Package[..at].TrimStart('@').Replace('/', '-')}-{m.Package[(at + 1)..]}.tgz");
        if (!FileExists(tarball))
        {
            Run("npm", $"pack {m.Package} --silent --pack-destination \"{scratch}\"");
        }
        if (!FileExists(tarball)) throw new CakeException($"assets: npm pack {m.Package} did not write {tarball}.");
        var destination = root.CombineWithFilePath(m.Destination);
        EnsureDirectoryExists(destination.GetDirectory());
        Run("tar", $"-xzf \"{tarball}\" -C \"{scratch}\" \"{m.Probe}\"");
        CopyFile(scratch.CombineWithFilePath(m.Probe), destination);
    }
});

Task("build")
    .Description("Compile the solution.")
    .Does(() =>
{
    Run("dotnet", $"build \"{solution}\" -c {configuration} --nologo -v minimal");
});

Task("test")
    .Description("Run every test project and print the totals.")
    .IsDependentOn("assets")
    .IsDependentOn("build")
    .Does(() =>
{
    EnsureDirectoryExists(testResults);
    CleanDirectory(testResults);
    var projects = GetFiles($"{root}/tests/**/*.Tests.csproj").OrderBy(p => p.FullPath).ToList();
    int passed = 0, failed = 0, skipped = 0, crashed = 0;
    foreach (var project in projects)
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        var trx = testResults.CombineWithFilePath($"{name}.trx");
        int code = Run("dotnet", $"test \"{project}\" -c {configuration} --no-build --nologo -v quiet --logger \"trx;LogFileName={trx}\" --logger \"console;verbosity=normal\"", throwOnError: false);
        if (!FileExists(trx))
        {
            Error($"{name}: no test results (exit code {code}); counting the project as failed.");
            crashed++;
            continue;
        }
        var counters = XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        int Count(string attribute) => int.Parse(counters.Attribute(attribute)?.Value ?? "0");
        passed += Count("passed");
        failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        skipped += Count("notExecuted");
        Information($"{name}: {Count("passed")} passed, {Count("failed")} failed, {Count("notExecuted")} skipped");
    }
    failed += crashed;
    // Plain text, not Cake's coloured log: CI reads this closing line.
    Console.WriteLine();
    Console.WriteLine($"Tests: {passed} passed, {failed} failed, {skipped} skipped");
    if (failed > 0) throw new CakeException($"{failed} test(s) failed.");
});

Task("audit")
    .Description("Run pipelines/audit.yaml on the embedded defaults and write reports/audit/<run-id>/.")
    .IsDependentOn("assets")
    .IsDependentOn("build")
    .Does(() => RunPipeline("pipelines/audit.yaml"));

Task("compare")
    .Description("Run the model comparisons: compare-models.yaml (landmarks), compare-photometric.yaml (renders) and compare-photometric-photos.yaml (real photos).")
    .IsDependentOn("assets")
    .IsDependentOn("build")
    .Does(() =>
{
    foreach (var pipeline in new[] { "pipelines/compare-models.yaml", "pipelines/compare-photometric.yaml", "pipelines/compare-photometric-photos.yaml" })
    {
        RunPipeline(pipeline);
    }
});

Task("nightly")
    .Description("Run pipelines/nightly.yaml into reports/nightly/ and refresh the index with trends.")
    .IsDependentOn("assets")
    .IsDependentOn("build")
    .Does(() =>
{
    RunPipeline("pipelines/nightly.yaml");
    Run("dotnet", $"\"{host}\" index \"{root}/reports/nightly\"");
});

Task("slurm")
    .Description("Run pipelines/audit.yaml and pipelines/audit-images.yaml each as a Slurm array job on a localhost cluster, merge, and compare with an unsharded run.")
    .IsDependentOn("assets")
    .IsDependentOn("build")
    .Does(() =>
{
    var program = root.Combine($"artifacts/facebench/{configuration}").CombineWithFilePath("facebench");
    var slurm = new Dictionary<string, string> { ["SLURM_CONF"] = root.CombineWithFilePath("artifacts/slurm/etc/slurm.conf").FullPath };
    var all = System.Diagnostics.Stopwatch.StartNew();
    Run("bash", "build/slurm/local-cluster.sh start");
    try
    {
        foreach (var name in slurmPipelines.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var runs = root.Combine($"artifacts/slurm/runs/{name}");
            if (DirectoryExists(runs)) DeleteDirectory(runs, new DeleteDirectorySettings { Recursive = true, Force = true });
            EnsureDirectoryExists(runs);
            var pipeline = root.CombineWithFilePath($"pipelines/{name}.yaml");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            // The job waits for all its tasks (--wait) and fails if any task failed; a node that never takes the job
            // (pending for ever) ends the wait after 15 minutes instead of hanging CI.
            Run("timeout", $"900 sbatch --wait --array=1-{shards} --cpus-per-task=1 --time=15 --output=\"{runs}/shard-%a.log\" "
                + $"--export=ALL,FACEBENCH={program},PIPELINE={pipeline},RUNS={runs} build/slurm/audit-array.sbatch", env: slurm);
            Information($"slurm: {name}: {shards} array tasks done in {watch.Elapsed.TotalSeconds:F0} s");
            Run(program.FullPath, $"merge {string.Join(" ", Enumerable.Range(1, shards).Select(i => $"\"{runs}/shard-{i}\""))} --out \"{runs}/merged\"");
            Run(program.FullPath, $"run \"{pipeline}\" --out \"{runs}/whole\"");
            CompareRuns(runs.Combine("whole"), runs.Combine("merged"));
            Information($"slurm: {name}: the merged report of {shards} shards equals the unsharded run's (metrics and report body); {watch.Elapsed.TotalSeconds:F0} s in all.");
        }
    }
    finally
    {
        Run("bash", "build/slurm/local-cluster.sh stop", throwOnError: false);
    }
    Information($"slurm: done in {all.Elapsed.TotalSeconds:F0} s.");
});

Task("bench")
    .Description("Run the benchmark projects under bench/ in Release (the audit benchmark times the built host).")
    .IsDependentOn("build")
    .Does(() =>
{
    var projects = GetFiles($"{root}/bench/*/*.csproj").OrderBy(p => p.FullPath).ToList();
    if (projects.Count == 0)
    {
        Information("bench: no benchmark projects yet.");
        return;
    }
    foreach (var project in projects)
    {
        Run("dotnet", $"run -c Release --project \"{project}\" -- --filter \"{benchFilter}\"");
    }
});

Task("screenshots")
    .Description("Screenshot the newest report of each pipeline (and the nightly index) into artifacts/screenshots/.")
    .Does(() =>
{
    var pages = new List<string>();
    var reports = root.Combine("reports");
    if (DirectoryExists(reports))
    {
        foreach (var pipeline in System.IO.Directory.EnumerateDirectories(reports.FullPath).OrderBy(d => d))
        {
            var newest = System.IO.Directory.EnumerateFiles(pipeline, "report.html", SearchOption.AllDirectories)
                .OrderByDescending(f => System.IO.File.GetLastWriteTimeUtc(f)).FirstOrDefault();
            if (newest != null) pages.Add(newest);
            var index = System.IO.Path.Combine(pipeline, "index.html");
            if (System.IO.File.Exists(index)) pages.Add(index);
        }
    }
    if (pages.Count == 0)
    {
        Information("screenshots: no report under reports/ yet; run ./build.sh --target=audit first.");
        return;
    }
    var output = root.Combine("artifacts/screenshots");
    EnsureDirectoryExists(output);
    Run("bash", $"build/screenshots.sh \"{output}\" {string.Join(" ", pages.Select(p => $"\"{p}\""))}");
});

Task("help")
    .Description("List the targets.")
    .Does(() => ListTargets());

if (!Tasks.Any(t => string.Equals(t.Name, target, StringComparison.OrdinalIgnoreCase)))
{
    ListTargets();
    Error($"Unknown target '{target}'. Valid targets: {string.Join(", ", Tasks.Select(t => t.Name))}.");
    System.Environment.Exit(2);
}

RunTarget(target);

void ListTargets()
{
    Information("Targets (./build.sh --target=<name>):");
    foreach (var task in Tasks)
    {
        Information($"  {task.Name,-8} {task.Description}");
    }
}

void RunPipeline(string pipeline)
{
    int code = Run("dotnet", $"\"{host}\" run \"{root.CombineWithFilePath(pipeline)}\" {pipelineArgs}", throwOnError: false);
    // 1 means some samples failed: the report says which; the run itself is complete.
    if (code != 0 && code != 1) throw new CakeException($"{pipeline}: facebench exited with code {code}.");
}

int Run(string tool, string arguments, bool throwOnError = true, IDictionary<string, string> env = null)
{
    var settings = new ProcessSettings { Arguments = arguments, WorkingDirectory = root };
    if (env != null) settings.EnvironmentVariables = env;
    int code = StartProcess(tool, settings);
    if (code != 0 && throwOnError) throw new CakeException($"{tool} {arguments} exited with code {code}.");
    return code;
}

// Two runs of one pipeline agree when their metrics are equal and their reports match from the first section on
// (the lines before name the run, its status and its time).
void CompareRuns(DirectoryPath expected, DirectoryPath actual)
{
    string Metrics(DirectoryPath run) =>
        System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(run.CombineWithFilePath("summary.json").FullPath)).RootElement.GetProperty("metrics").GetRawText();
    string Body(DirectoryPath run)
    {
        string text = System.IO.File.ReadAllText(run.CombineWithFilePath("report.md").FullPath);
        int first = text.IndexOf("\n## ", StringComparison.Ordinal);
        return first < 0 ? text : text[first..];
    }
    if (Metrics(expected) != Metrics(actual))
        throw new CakeException($"slurm: the merged run's metrics differ from the unsharded run's: compare {expected}/summary.json and {actual}/summary.json.");
    if (Body(expected) != Body(actual))
        throw new CakeException($"slurm: the merged report differs from the unsharded run's: diff {expected}/report.md {actual}/report.md.");
}

bool IsRoot() => Environment.UserName == "root";

// One declared asset: see build/assets/README.md. For npm assets, Probe is the file inside the tarball.
List<(string Kind, string Package, string Probe, string Destination, string Purpose)> ReadAssets()
{
    var assets = new List<(string, string, string, string, string)>();
    foreach (var file in GetFiles($"{root}/build/assets/*.txt").OrderBy(f => f.FullPath))
    {
        int lineNumber = 0;
        foreach (var raw in System.IO.File.ReadAllLines(file.FullPath))
        {
            lineNumber++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0) continue;
            var parts = line.Split((char[])null, StringSplitOptions.RemoveEmptyEntries);
            if (parts[0] == "debian" && parts.Length >= 3) assets.Add(("debian", parts[1], parts[2], "", string.Join(" ", parts.Skip(3))));
            else if (parts[0] == "npm" && parts.Length >= 4) assets.Add(("npm", parts[1], parts[2], parts[3], string.Join(" ", parts.Skip(4))));
            else throw new CakeException($"{file}:{lineNumber}: expected 'debian <package> <probe> <purpose>' or 'npm <package@version> <file in tarball> <destination> <purpose>'.");
        }
    }
    return assets;
}
