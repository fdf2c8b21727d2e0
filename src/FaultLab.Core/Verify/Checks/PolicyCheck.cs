using FaultLab.Settings;

namespace FaultLab.Verify.Checks;

/// <summary>Requires keys of the portal policy to hold given values, e.g. <c>policy: { appProfile.failOpen.enabled: false }</c>.</summary>
[VerifyCheckKind("policy")]
public sealed class PolicyCheck(VerifyArguments arguments)
    : SettingsCheck(arguments, perLaptop: false, "policy", SettingsDocument.DefaultPolicy)
{
    protected override SettingsDocument DocumentOf(IVerifyContext context) => context.Policy;
}
