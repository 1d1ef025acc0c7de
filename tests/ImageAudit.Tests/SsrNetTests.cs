using Facebench.Contracts;
using Facebench.Plugins.Onnx.Inference;
using Facebench.Plugins.Onnx.Inference.Classification;
using Facebench.Testing;
using Xunit.Abstractions;

namespace Facebench.ImageAudit.Tests;

/// <summary>The faceplugin SSR-Net age and gender models as classify.onnx diagnostics on real faces.</summary>
public sealed class SsrNetTests(ITestOutputHelper output)
{
    [FacePluginFact("fr_age.onnx", "fr_gender.onnx")]
    public void Age_and_gender_of_real_faces_are_plausible()
    {
        var age = Stage("fr_age.onnx", AttributeDiagnostics.Age());
        var gender = Stage("fr_gender.onnx", AttributeDiagnostics.Gender());
        var faces = RealFace.All;
        var ages = new List<double>();
        var maleScores = new List<double>();
        int genderRight = 0;
        for (int i = 0; i < faces.Count; i++)
        {
            var a = age.Process(faces[i].ToSample(i), default).Get(FaceAttributeFacets.Attributes)["age"];
            var both = gender.Process(age.Process(faces[i].ToSample(i), default), default).Get(FaceAttributeFacets.Attributes);
            Assert.Equal(["age", "gender"], both.Keys.Order(StringComparer.Ordinal)); // a second classifier keeps the first one's heads
            var g = both["gender"];
            output.WriteLine($"{faces[i].Photo} box at ({faces[i].Box.X}, {faces[i].Box.Y}): seen {faces[i].Gender}, ~{faces[i].ApparentAge}; SSR-Net age {a.Value:F1} ({a.Label}), gender {g.Label} p(male) {g.Scores["male"]:F2}");
            Assert.InRange(a.Value!.Value, 1, 100);
            Assert.InRange(g.Scores["male"], 0, 1);
            Assert.Equal(1, g.Scores["male"] + g.Scores["female"], 9);
            ages.Add(a.Value.Value);
            maleScores.Add(g.Scores["male"]);
            genderRight += g.Label == faces[i].Gender ? 1 : 0;
        }

        // Plausible, not exact. The child is read younger than every adult and the adults' ages are near what a
        // person sees. Every man scores higher p(male) than every woman, although at 0.5 the model calls most
        // women male: SSR-Net's gender threshold leans male on these photos (a finding for the audit, not a bug).
        int child = faces.ToList().FindIndex(f => f.ApparentAge < 18);
        Assert.All(ages.Where((_, i) => i != child), a => Assert.True(a > ages[child], $"the child ({ages[child]:F1}) is not read younger than an adult ({a:F1})"));
        double adultError = faces.Select((f, i) => (f, i)).Where(p => p.i != child).Average(p => Math.Abs(ages[p.i] - p.f.ApparentAge));
        output.WriteLine($"adult mean absolute age error {adultError:F1} years; genders right at 0.5: {genderRight} of {faces.Count}");
        Assert.InRange(adultError, 0, 10);
        double lowestMan = maleScores.Where((_, i) => faces[i].Gender == "male").Min();
        double highestWoman = maleScores.Where((_, i) => faces[i].Gender == "female").Max();
        Assert.True(lowestMan > highestWoman, $"a woman scores p(male) {highestWoman:F2}, a man only {lowestMan:F2}");
    }

    [Fact]
    public void Stagewise_regression_follows_the_papers_sum()
    {
        // Three stages of three bins; p concentrated on bin 2, 1 and 0, offsets and scales as chosen below:
        // ŷ = V [ (2 + 0.5)/(3·1.5) + (1 + 0)/(3·1.5·3·1) + (0 − 0.2)·1/(3·1.5·3·1·3·2) ].
        float[][] outputs =
        [
            [0, 0, 1], [0, 1, 0], [1, 0, 0],
            [0.5f], [0], [1],
            [0, 0, 0.5f], [0, 0, 0], [-0.2f, 0, 0],
        ];
        double expected = 101 * ((2.5 / 4.5) + (1 / 13.5) + (-0.2 / 81));
        Assert.Equal(expected, SsrNetRegression.Merge(k => outputs[k], 101), 5);
    }

    private static ClassifyOnnxStage Stage(string model, ClassifyOnnxOptions options)
    {
        var context = new TestPluginContext();
        var component = new InferOnnxComponent();
        component.Initialize(new InferOnnxOptions { Path = FacePluginModels.Model(model), Threads = 1 }, context);
        var stage = new ClassifyOnnxStage();
        stage.Initialize(options, context.WithComponent("onnx", component));
        return stage;
    }
}
