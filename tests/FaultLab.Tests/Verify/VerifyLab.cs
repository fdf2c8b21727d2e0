using FaultLab.Faults;
using FaultLab.Labs;
using FaultLab.Verify;

namespace FaultLab.Tests.Verify;

/// <summary>Builds lab definitions around a given verify list, through the real lab file parser (so lines are real).</summary>
internal static class VerifyLab
{
    public const string File = "labs/verify-sample.yaml";
    public const string Solution = "portal set forwarding.transport dtls-with-tls-fallback";

    private const string Template = """
        id: verify-sample
        scenario: 4
        title: Sample
        category: tunnel
        level: L2
        briefing: |
          Something is broken.
        network: hotel-wifi
        faults:
          - kind: udp-drop
            link: edge
            ports: [443]
            owner: world
          - kind: dns-nxdomain
            names: [update.lab]
            owner: customer
        policy:
          forwarding: { transport: dtls-only }
        diagnosis: tunnel.udp-blocked
        hints:
          - Look at UDP.
        verify:
        {VERIFY}
        solution:
          - portal set forwarding.transport dtls-with-tls-fallback
        """;

    /// <summary>Line of the first verify entry in the generated file.</summary>
    public static int FirstVerifyLine => Template.Split('\n').TakeWhile(l => !l.StartsWith("verify:")).Count() + 2;

    /// <summary>A lab whose verify list is <paramref name="verify"/> (YAML list items, two-space indented).</summary>
    public static LabDefinition With(string verify) =>
        new LabFileParser(FaultCatalog.Standard).Parse(Template.Replace("{VERIFY}", verify.TrimEnd()), File);

    /// <summary>The one check of a lab whose verify list is <paramref name="verify"/>.</summary>
    public static VerifyCheck Check(string verify, VerifyOptions? options = null)
    {
        var lab = With(verify);
        return VerifyCheckRegistry.Standard.Create(lab.Verify.Single(), lab, options);
    }

    /// <summary>Builds the one check of <paramref name="verify"/> and evaluates it once against <paramref name="context"/>.</summary>
    public static Task<CheckResult> RunAsync(string verify, FakeVerifyContext context) =>
        Check(verify).EvaluateAsync(context, CancellationToken.None);

    /// <summary>The one check of <paramref name="verify"/> and an instance of its lab with every fault on.</summary>
    public static (VerifyCheck Check, FakeVerifyContext Context) Instance(string verify)
    {
        var lab = With(verify);
        return (VerifyCheckRegistry.Standard.Build(lab).Single(), new FakeVerifyContext(lab));
    }

    /// <summary>The located error building <paramref name="verify"/> produces.</summary>
    public static LabError ErrorOf(string verify)
    {
        var lab = With(verify);
        return Assert.Throws<LabFileException>(() => VerifyCheckRegistry.Standard.Build(lab))!.Error;
    }
}
