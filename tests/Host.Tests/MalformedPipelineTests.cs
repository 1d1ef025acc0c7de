using Facebench.Host.Pipelines;
using Xunit;

namespace Facebench.Host.Tests;

/// <summary>
/// Malformed pipeline files and the exact message each produces: the position (file:line:column), what is
/// wrong and what would be valid. These messages are the user interface of a pipeline author's mistakes.
/// </summary>
public sealed class MalformedPipelineTests
{
    public static TheoryData<string, string, string[], string> Cases => new()
    {
        {
            "yaml-syntax.yaml",
            "name: broken\nsource: { use: test.count\nstages: []\n",
            [],
            "2:14: not valid YAML: a '{' or '[' is not closed, or the structure breaks off here."
        },
        {
            "yaml-unclosed-list.yaml",
            "name: broken\nsource: test.count\nstages: [ { use: test.work }\n",
            [],
            "4:1: not valid YAML: While parsing a flow sequence, did not find expected ',' or ']'."
        },
        {
            "duplicate-key.yaml",
            "name: dup\nsource: test.count\nsource: test.count\n",
            [],
            "3:1: not valid YAML: Duplicate key source"
        },
        {
            "unknown-top-level-key.yaml",
            "name: typo\nsource: test.count\nstagse:\n  - use: test.work\n",
            [],
            "3:1: unknown key 'stagse'; did you mean 'stages'? Valid keys: name, description, seed, parallel, components, source, stages, analyses, report."
        },
        {
            "missing-source.yaml",
            "name: nosource\nstages:\n  - use: test.work\n",
            [],
            "1:1: the pipeline has no 'source:' (e.g. source: { use: dataset.synthetic })."
        },
        {
            "unknown-plugin.yaml",
            "name: unknown\nsource:\n  use: test.cuont\n",
            [],
            "3:8: unknown plugin 'test.cuont' in 'source'; did you mean 'test.count'? Available source plugins: test.count."
        },
        {
            "wrong-kind.yaml",
            "name: kind\nsource: { use: test.work }\n",
            [],
            "2:16: 'test.work' is a stage plugin; 'source' needs a source plugin."
        },
        {
            "unknown-option.yaml",
            "name: option\nsource: test.count\nstages:\n  - use: test.work\n    with:\n      delay: 5\n",
            [],
            "6:7: plugin 'test.work' has no option 'delay'; did you mean 'delay_ms'? Options: delay_ms (int, default 0), fail_every (int, default 0), require_file (string, default none)."
        },
        {
            "wrong-option-type.yaml",
            "name: type\nsource: test.count\nstages:\n  - use: test.work\n    with: { delay_ms: fast }\n",
            [],
            "5:23: test.work: option 'delay_ms' must be an integer; found 'fast'."
        },
        {
            "missing-required-option.yaml",
            "name: required\ncomponents:\n  thing: test.named\nsource: test.count\nstages:\n  - use: test.uses\n    with: { mode: fast }\n",
            [],
            "7:11: plugin 'test.uses' needs option 'level' (int): Required number, to test missing options. Options: thing (string, default thing), level (int, required), mode (fast|very_slow, default fast), file (string, default \"\")."
        },
        {
            "unknown-component.yaml",
            "name: component\ncomponents:\n  thing: test.named\nsource: test.count\nstages:\n  - use: test.uses\n    with: { level: 1, thing: thin }\n",
            [],
            "7:30: test.uses: option 'thing' names component 'thin', which the pipeline does not define. Components: 'thing'; did you mean 'thing'?"
        },
        {
            "bad-enum.yaml",
            "name: enum\ncomponents:\n  thing: test.named\nsource: test.count\nstages:\n  - use: test.uses\n    with: { level: 1, mode: slow }\n",
            [],
            "7:29: test.uses: option 'mode' must be one of fast, very_slow; found 'slow'."
        },
        {
            "unset-variable.yaml",
            "name: env\nsource:\n  use: test.count\n  with: { count: \"${FACEBENCH_TEST_SURELY_UNSET}\" }\n",
            [],
            "4:18: environment variable 'FACEBENCH_TEST_SURELY_UNSET' is not set (write ${FACEBENCH_TEST_SURELY_UNSET:-default} to give a default)."
        },
        {
            "stages-not-a-list.yaml",
            "name: shape\nsource: test.count\nstages:\n  use: test.work\n",
            [],
            "4:3: 'stages' is a list of { use: plugin.id, with: {...} }; found a mapping."
        },
        {
            "empty.yaml",
            "",
            [],
            "1:1: the pipeline file is empty."
        },
        {
            "bad-override-index.yaml",
            "name: override\nsource: test.count\nstages:\n  - use: test.work\n",
            ["stages[3].with.delay_ms=1"],
            "--set: 'stages[3].with.delay_ms': index 3 is out of range; the list at {file}:4:3 has 1 item(s)."
        },
        {
            "with-not-a-mapping.yaml",
            "name: with\nsource:\n  use: test.count\n  with: [1, 2]\n",
            [],
            "4:9: 'source.with' is a mapping of option: value; found a list."
        },
        {
            "source-names-twice.yaml",
            "name: twice\nsource:\n  - { use: test.count, name: a }\n  - { use: test.count, name: a }\n",
            [],
            "4:30: source name 'a' is used by source[0] and source[1]; give them different 'name:'s (the name labels each sample 'source: <name>')."
        },
        {
            "source-ids-twice.yaml",
            "name: twice\nsource:\n  - test.count\n  - test.count\n",
            [],
            "4:5: source name 'test.count' is used by source[0] and source[1]; give them different 'name:'s (the name labels each sample 'source: <name>')."
        },
        {
            "when-not-a-mapping.yaml",
            "name: when\nsource: test.count\nstages:\n  - { use: test.work, when: photos }\n",
            [],
            "4:29: 'stages[0].when' is a mapping of label: value (or label: [values]), e.g. when: { source: photos }; found a value."
        },
        {
            "when-on-a-report.yaml",
            "name: when\nsource: test.count\nreport:\n  - { use: test.sum, when: { group: a } }\n",
            [],
            "4:22: unknown key 'when' in 'report[0]'. Valid keys: use, with, name."
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Produces_the_exact_message(string fileName, string yaml, string[] overrides, string expected)
    {
        using var env = new HostTestEnvironment();
        string path = env.Write(fileName, yaml);
        var catalog = HostTestEnvironment.TestCatalog();

        var error = Assert.Throws<PipelineException>(() =>
        {
            var definition = PipelineLoader.Load(path, overrides, name => name.StartsWith("FACEBENCH_TEST_", StringComparison.Ordinal) ? null : Environment.GetEnvironmentVariable(name));
            LoadedPipeline.Load(definition, catalog, new RunSettings(env.Directory, definition.Seed, IsValidationOnly: true)).InitialiseAll();
        });

        string message = expected.StartsWith("--set", StringComparison.Ordinal) ? expected.Replace("{file}", path, StringComparison.Ordinal) : $"{path}:{expected}";
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void At_least_ten_malformed_files_are_covered() => Assert.True(Cases.Count >= 10);
}
