using FaultLab.Saml;

namespace FaultLab.Agent;

/// <summary>What the IdP posted back after the sign-in, before the device checked it.</summary>
/// <param name="Form">The auto-post form carrying the SAMLResponse.</param>
/// <param name="RequestId">The ID of the AuthnRequest the response must answer (InResponseTo).</param>
public sealed record AgentSamlAnswer(SamlPostForm Form, string RequestId);
