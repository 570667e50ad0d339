"""Each procedure's agenda for a strategy discussion, in the procedure's own words.

Every item is a sentence (or the part of one that is an agenda point) quoted verbatim from the
procedure's text, with the file it comes from, so the checklist a chair works through is the
procedure itself and can be checked against it (tests/web/test_strategy_agenda.py). Working
Together has no text of its own here: its agenda is the Working Together list as Darlington's
procedure restates it (Darlington follows Working Together 2018 word for word).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AgendaEntry:
    text: str  # verbatim from `source`
    source: str  # file name in /work/shared/procedures (bundled in convene/rules/procedures)


SHEFFIELD = "sheffield-strategy-discussions.txt"
LIVERPOOL = "liverpool-strategy-discussions-s47.txt"
TRIBOROUGH = "triborough-strategy-meeting-protocol.txt"
LANCASHIRE = "lancashire-strategy-s47-practice-guidance.txt"
DARLINGTON = "darlington-child-protection-procedures.txt"


def _items(source: str, *texts: str) -> tuple[AgendaEntry, ...]:
    return tuple(AgendaEntry(text, source) for text in texts)


# Working Together 2018 as Darlington restates it: what the discussion is used for, the
# decisions to make where there are grounds for a section 47 enquiry, and what children's
# social care ensures the discussion does.
_WORKING_TOGETHER = _items(
    DARLINGTON,
    "share available information",
    "agree the conduct and timing of any criminal investigation",
    "decide whether enquiries under section 47 of the Children Act 1989 should be undertaken",
    "what further information is needed if an assessment is already underway and how it will "
    "be obtained and recorded",
    "what immediate and short term action is required to support the child, and who will do "
    "what by when",
    "whether legal action is required",
    "considers the child’s welfare and safety, and identifies the level of risk faced by the child",
    "decides what information should be shared with the child and family (on the basis that "
    "information is not shared if this may jeopardise a police investigation or place the child "
    "at risk of significant harm)",
    "agrees what further action is required, and who will do what by when, where an EPO is in "
    "place or the child is the subject of police powers of protection",
    "records agreed decisions in accordance with local recording procedures",
    "follows up actions to make sure what was agreed gets done.",
)

AGENDAS: dict[str, tuple[AgendaEntry, ...]] = {
    "working-together": _WORKING_TOGETHER,
    "darlington": _items(
        DARLINGTON,
        *(entry.text for entry in _WORKING_TOGETHER[:5]),
        "whether legal action is required e.g. Legal Gateway Panel",
        *(entry.text for entry in _WORKING_TOGETHER[6:]),
    ),
    "sheffield": _items(
        SHEFFIELD,
        "Share and evaluate the available information;",
        "Agree when the child will be seen alone by the Lead Social Worker (unless inappropriate "
        "for the child) and whether any particular factors such as the child's race, ethnicity, "
        "language, disability or any other special needs should be taken into account and "
        "whether an interpreter will be required for the child and/or the family;",
        "Consider the needs of any other children who may be affected;",
        "Decide whether a Sheffield Social Care Assessment and Section 47 Enquiry should be "
        "initiated or continued and if so, which children should be included;",
        "Plan the Section 47 Enquiry (if one is to be undertaken), including the need for further "
        "information, the need for and timing of Medical Assessments and/or treatment, and who "
        "will carry out what actions, by when and for what purpose;",
        "Decide whether a single agency or a joint enquiry/investigation is required;",
        "Agree what action is required immediately and in the short term to safeguard the child "
        "and/or provide interim services and support, including the care arrangements for the "
        "child/children;",
        "Agree whether urgent actions are required to remove the child from the risk of harm or "
        "to remove the alleged perpetrator from the child's home;",
        "Agree where a child is in hospital how to manage contact and how to secure the safe "
        "discharge of the child;",
        "Agree a contingency plan if the child cannot be located;",
        "Agree the conduct and timing of any criminal investigation, including who should be "
        "interviewed, by whom, for what purpose and when and the need to carry out the interviews "
        "in accordance with the Achieving Best Evidence in Criminal Proceedings Guidance",
        "Agree the arrangements for obtaining consents to interviews and assessments of the "
        "child (if the assessment is to take place during the course of court proceedings, the "
        "courts prior consent must be obtained);",
        "Agree how the child and family will be supported during the process including if "
        "interpreters are required or if a child has communication difficulties/ what support "
        "will be used;",
        "Determine what information from the Strategy Discussion will be shared with the family, "
        "unless such information sharing may place a child at increased risk of harm or "
        "jeopardise any criminal investigation.",
        "Agree, in the light of the race and ethnicity of the child and family, how information "
        "will be obtained and shared with the family and establishing whether an interpreter is "
        "required;",
        "Determine if legal action is required;",
        "Coordinate a press strategy, if relevant;",
        "Agree timescales for all the above and responsibilities for required actions;",
        "In cases where information indicates a history of violence and threatening behaviour by "
        "the parents towards practitioners, consider the risks to the child/children and to "
        "staff, determine a strategy for managing the risk and agree joint action as appropriate;",
        "Agree the need for feedback to each other (e.g. if single agency enquiries) and for "
        "further Strategy Discussions if required with clear timescales.",
    ),
    "liverpool": _items(
        LIVERPOOL,
        "Share available information;",
        "Agree the conduct and timing of any criminal investigation;",
        "Decide whether an Assessment under Section 47 of the Children Act 1989 should be "
        "initiated, or continued if it has already begun;",
        "Plan how the Section 47 Enquiry should be undertaken (if one is to be initiated), "
        "including the need for medical treatment, and who will carry out what actions, by when "
        "and for what purpose;",
        "Agree what action is required immediately to safeguard and promote the welfare of the "
        "child, and/or provide interim services and support. If the child is in hospital, "
        "decisions should also be made about how to secure the safe discharge of the child;",
        "Determine what information from the Strategy Discussion will be shared with the family, "
        "unless such information sharing may place a child at increased likelihood of suffering "
        "Significant Harm or jeopardise Police investigations into any alleged offence(s);",
        "Determine if legal action is required.",
        "Agreeing a plan for how the Section 47 Investigation (Children Act 1989) will be carried "
        "out, what further information is required about the child and family and how it should "
        "be obtained and recorded,",
        "Agreeing who should be interviewed, by whom, for what purpose and when.",
        "Agreeing, in particular, when the child will be seen alone by the Lead Social Worker or "
        "jointly with police, (unless inappropriate for the child), and how the child's wishes "
        "and feelings will be ascertained so that they can be taken into account when making "
        "decisions under Section 47 of the Children Act 1989;",
        "In the light of the race and ethnicity of the child and family, considering how this "
        "should be taken into account, and establishing whether an Interpreter is required;",
        "Considering the needs of other children who may be affected e.g. siblings and other "
        "children, such as those living in the same establishment or in contact with alleged "
        "abusers.",
        "Discussions and outcomes need to consider past harm, future danger, complicating "
        "factors, existing strengths, existing safety, safety goals and next steps followed by "
        "scaling the risk – 0 (no safety) – 10 (safety) to inform the strategy discussion.",
        "Next Steps are identified and allocated to the appropriate person with clear timescales "
        "and intended outcomes.",
    ),
    "triborough": _items(
        TRIBOROUGH,
        "Share available information;",
        "Agree the conduct and timing of any criminal investigation;",
        "Decide whether an assessment under **s47 of the Children Act 1989** (s47 enquiries) "
        "should be initiated, or continued if it has already begun;",
        "Where it is decided that there are grounds to initiate a s47 enquiry, decisions should "
        "be made about whether this is a single or joint investigation.",
        "Consider the assessment and the action points, if already in place;",
        "Plan how the s47 enquiry should be undertaken (if one is to be initiated), including "
        "the need for medical treatment, and who will carry out what actions, by when and for "
        "what purpose;",
        "Agree what action is required immediately to safeguard and promote the welfare of the "
        "child, and / or provide interim services and support.",
        "Determine what information from the strategy meeting / discussion will be shared with "
        "the family, unless such information sharing may place a child at increased risk of "
        "significant harm or jeopardise police investigations into any alleged offence/s;",
        "Determine if legal action is required.",
        "Agreeing, or reviewing how the assessment under s47 of the Children Act 1989 will be "
        "carried out - what further information is required about the child/ren and family and "
        "how it should be obtained and recorded;",
        "Agreeing who should be interviewed, by whom, for what purpose and when.",
        "Agreeing, in particular, when the child will be seen alone (unless to do so would be "
        "inappropriate for the child) by the social worker during the course of these enquiries "
        "and the methods by which the child's wishes and feelings will be ascertained so that "
        "they can be taken into account when making decisions under section 47 of the Children "
        "Act 1989;",
        "In the light of the race and ethnicity of the child and family, considering how these "
        "should be taken into account and establishing whether an interpreter will be required;",
        "Considering the needs of other children who may be affected (e.g. siblings and other "
        "children, such as those living in the same establishment, in contact with alleged "
        "abusers).",
    ),
    "lancashire": _items(
        LANCASHIRE,
        "Share available information including relevant history;",
        "Agree the conduct and timing of any criminal investigation;",
        "Decide whether enquiries under section 47 of the Children Act 1989 must be undertaken, "
        "how, when and by whom these will be undertaken;",
        "Articulate a clear multi-agency risk analysis with an immediate plan to secure safety.",
        "What immediate and short-term action is required to safeguard and support the child, "
        "and who will do what by when;",
        "What further information is needed if an assessment is already underway and how it "
        "will be obtained and recorded;",
        "Decides what information should be shared with the child and family (on the basis that "
        "information is not shared if this may jeopardise a police investigation or place the "
        "child at risk of significant harm);",
        "Whether legal action is required.",
    ),
}


def agenda_for(procedure: str) -> tuple[AgendaEntry, ...]:
    """The agenda of a procedure by name; a procedure without its own uses the baseline's."""
    return AGENDAS.get(procedure, AGENDAS["working-together"])
